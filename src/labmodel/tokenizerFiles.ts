// The lab model's tokenizer files: a byte-level BPE trained on the corpus (bpe.ts), ChatML special
// tokens, and tokenizer_config.json / generation_config.json with the ChatML chat template.

import { toTokenizerJson, trainByteLevelBpe } from './bpe';

export const SPECIAL_TOKENS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'] as const;
export const ENDOFTEXT_ID = 0;
export const IM_START_ID = 1;
export const IM_END_ID = 2;

/** ChatML, as SmolLM2-Instruct writes it. */
export const CHAT_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

export interface TokenizerFiles {
  'tokenizer.json': Record<string, unknown>;
  'tokenizer_config.json': Record<string, unknown>;
  'generation_config.json': Record<string, unknown>;
}

export function buildTokenizerFiles(texts: readonly string[], vocabSize: number, maxLength: number): TokenizerFiles {
  const bpe = trainByteLevelBpe(texts, { vocabSize, specialTokens: [...SPECIAL_TOKENS] });
  const added = Object.fromEntries(
    SPECIAL_TOKENS.map((content, id) => [String(id), { content, lstrip: false, normalized: false, rstrip: false, single_word: false, special: true }]),
  );
  return {
    'tokenizer.json': toTokenizerJson(bpe),
    'tokenizer_config.json': {
      add_prefix_space: false,
      added_tokens_decoder: added,
      additional_special_tokens: ['<|im_start|>', '<|im_end|>'],
      bos_token: '<|im_start|>',
      chat_template: CHAT_TEMPLATE,
      clean_up_tokenization_spaces: false,
      eos_token: '<|im_end|>',
      model_max_length: maxLength,
      pad_token: '<|im_end|>',
      tokenizer_class: 'GPT2Tokenizer',
      unk_token: '<|endoftext|>',
      vocab_size: vocabSize,
    },
    'generation_config.json': { bos_token_id: IM_START_ID, eos_token_id: IM_END_ID, pad_token_id: IM_END_ID, do_sample: false },
  };
}

/** Stable JSON text for a file (two-space indent, trailing newline). */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

// How an agent's rendered prompt becomes token ids and a completion becomes text: through the
// model's chat template (one user message, generation prompt added) or as plain text.

import type { LabTokenizer } from '../model/tokenizer';

export interface PromptCodec {
  /** Token ids of a rendered agent prompt, ready for generation. */
  encode(prompt: string): number[];
  /** Text of completion ids, special tokens (the stop token) dropped. */
  decode(ids: readonly number[]): string;
  /** Token ids of plain text (a completion), no template and no special tokens added. */
  encodeText(text: string): number[];
  /** Ids that end a completion. */
  readonly stopTokens: readonly number[];
}

export interface CodecOptions {
  /** Wrap the prompt as one user turn of the chat template (default true; false = plain text). */
  chat?: boolean;
}

/**
 * A codec over a loaded tokenizer. Example: with `chat: false`, `encode("Hi")` = `tokenizer.encode("Hi")`.
 * With `chat: true` the template renders `[{role: "user", content: prompt}]` plus the assistant opening.
 */
export function tokenizerCodec(tokenizer: LabTokenizer, opts: CodecOptions = {}): PromptCodec {
  const chat = opts.chat ?? true;
  return {
    encode: (prompt) =>
      chat
        ? tokenizer.encode(tokenizer.applyChatTemplate([{ role: 'user', content: prompt }], { addGenerationPrompt: true }), { addSpecialTokens: false })
        : tokenizer.encode(prompt),
    decode: (ids) => tokenizer.decode(ids, { skipSpecialTokens: true }),
    encodeText: (text) => tokenizer.encode(text, { addSpecialTokens: false }),
    stopTokens: tokenizer.eosTokenIds,
  };
}

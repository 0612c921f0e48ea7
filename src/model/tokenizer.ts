// The model's tokenizer: tokenizer.json + tokenizer_config.json through @huggingface/tokenizers,
// its special ids, and chat templates rendered with @huggingface/jinja.

import { Template } from '@huggingface/jinja';
import { Tokenizer } from '@huggingface/tokenizers';
import { LabError, registerError } from '../protocol/errors';
import { ModelFileFormatError, ModelFileMissingError } from './errors';
import { readJson, readText, type ModelFiles } from './files';

export interface ChatMessage {
  role: string;
  content: string;
}

export interface ChatTemplateOptions {
  /** Append the assistant turn's opening so the model answers next. */
  addGenerationPrompt: boolean;
  /** Which of a named list of templates to use; default "default". */
  templateName?: string;
}

export interface LabTokenizer {
  /** Ids for `text`; special tokens written in the text are always recognized. */
  encode(text: string, opts?: { addSpecialTokens?: boolean }): number[];
  decode(ids: readonly number[], opts?: { skipSpecialTokens?: boolean }): string;
  /** The prompt text the chat template makes of `messages` (encode it without added specials). */
  applyChatTemplate(messages: readonly ChatMessage[], opts: ChatTemplateOptions): string;
  /** Every id that ends a turn: tokenizer_config's eos_token and generation_config's eos_token_id. */
  readonly eosTokenIds: number[];
  readonly bosTokenId?: number;
  readonly padTokenId?: number;
  /** One past the largest id the tokenizer can produce (added tokens included). */
  readonly vocabSize: number;
}

/** A chat template is missing, does not parse, or fails to render the messages. */
export class ChatTemplateError extends LabError {}
registerError(ChatTemplateError);

type JsonObject = Record<string, unknown>;

/** `"<s>"` or `{content: "<s>", ...}` as tokenizer_config.json writes special tokens. */
function tokenContent(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as JsonObject).content === 'string') return (value as JsonObject).content as string;
  return undefined;
}

/**
 * The JS library splits digits with `\d` (ASCII only); the Rust `Digits` pre-tokenizer splits on
 * `char::is_numeric` (Unicode Nd, Nl, No: "½", "²", "٣"). Rewrite each Digits step as the
 * equivalent Split over `\p{N}` so ids match the reference tokenizer.
 */
function withUnicodeDigits(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withUnicodeDigits);
  if (!node || typeof node !== 'object') return node;
  const obj = node as JsonObject;
  if (obj.type === 'Digits') {
    const piece = obj.individual_digits ? '\\p{N}' : '\\p{N}+';
    return { type: 'Split', pattern: { Regex: `\\P{N}+|${piece}` }, behavior: 'Isolated', invert: true };
  }
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) out[k] = withUnicodeDigits(v);
  return out;
}

/** tokenizer_config's chat_template: a string, or a list of {name, template}; else chat_template.jinja. */
function pickTemplate(source: string, raw: unknown, name: string): string {
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw)) {
    const entries = raw as { name?: unknown; template?: unknown }[];
    const hit = entries.find((e) => e.name === name && typeof e.template === 'string');
    if (hit) return hit.template as string;
    const names = entries.map((e) => String(e.name)).join(', ');
    throw new ChatTemplateError(`${source} has no chat template named "${name}" (it has: ${names}). Pass one of those names.`, {
      file: source,
      template: name,
    });
  }
  throw new ChatTemplateError(`${source} has no chat_template. Use an instruct model's tokenizer_config.json, or add a chat_template.jinja.`, {
    file: source,
  });
}

export async function loadTokenizer(files: ModelFiles): Promise<LabTokenizer> {
  if (!(await files.has('tokenizer.json'))) {
    throw new ModelFileMissingError(
      `${files.location} has no tokenizer.json. Use a model folder or repository that ships the fast-tokenizer file tokenizer.json.`,
      { file: 'tokenizer.json' },
    );
  }
  const tokenizerJson = await readJson<JsonObject>(files, 'tokenizer.json');
  if (!tokenizerJson || typeof tokenizerJson !== 'object' || !tokenizerJson.model || typeof tokenizerJson.model !== 'object') {
    throw new ModelFileFormatError(`${files.location}/tokenizer.json has no "model" object. Is it a Hugging Face tokenizers file?`, {
      file: 'tokenizer.json',
      field: 'model',
    });
  }
  const config: JsonObject = (await files.has('tokenizer_config.json')) ? await readJson<JsonObject>(files, 'tokenizer_config.json') : {};
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    throw new ModelFileFormatError(`${files.location}/tokenizer_config.json is not a JSON object. Re-download or fix it.`, {
      file: 'tokenizer_config.json',
    });
  }
  const generation: JsonObject = (await files.has('generation_config.json')) ? await readJson<JsonObject>(files, 'generation_config.json') : {};
  const templateFile = (await files.has('chat_template.jinja')) ? await readText(files, 'chat_template.jinja') : undefined;

  let tok: Tokenizer;
  try {
    tok = new Tokenizer(withUnicodeDigits(tokenizerJson) as object, config);
  } catch (err) {
    throw new ModelFileFormatError(`${files.location}/tokenizer.json could not be loaded: ${(err as Error).message}. Check its model, pre_tokenizer and decoder types.`, {
      file: 'tokenizer.json',
    });
  }

  const idOf = (field: string): number | undefined => {
    const content = tokenContent(config[field]);
    if (content === undefined) return undefined;
    const id = tok.token_to_id(content);
    if (id === undefined) {
      throw new ModelFileFormatError(`${files.location}/tokenizer_config.json: ${field} "${content}" is not in tokenizer.json's vocabulary. Fix ${field}.`, {
        file: 'tokenizer_config.json',
        field,
      });
    }
    return id;
  };

  const eos = new Set<number>();
  const eosFromConfig = idOf('eos_token');
  if (eosFromConfig !== undefined) eos.add(eosFromConfig);
  const genEos = generation.eos_token_id;
  for (const id of Array.isArray(genEos) ? genEos : [genEos]) if (typeof id === 'number') eos.add(id);
  const bosTokenId = idOf('bos_token');
  const padTokenId = idOf('pad_token');
  let vocabSize = 0;
  for (const id of tok.get_vocab(true).values()) vocabSize = Math.max(vocabSize, id + 1);

  const specials: Record<string, string> = {};
  for (const field of ['bos_token', 'eos_token', 'unk_token', 'pad_token']) {
    const content = tokenContent(config[field]);
    if (content !== undefined) specials[field] = content;
  }
  const compiled = new Map<string, Template>();
  const templateSource = templateFile !== undefined ? `${files.location}/chat_template.jinja` : `${files.location}/tokenizer_config.json`;

  return {
    encode: (text, opts) => tok.encode(text, { add_special_tokens: opts?.addSpecialTokens ?? true }).ids,
    decode: (ids, opts) => tok.decode([...ids], { skip_special_tokens: opts?.skipSpecialTokens ?? false }),
    applyChatTemplate(messages, opts) {
      const name = opts.templateName ?? 'default';
      let template = compiled.get(name);
      if (!template) {
        const text = templateFile ?? pickTemplate(templateSource, config.chat_template, name);
        try {
          template = new Template(text);
        } catch (err) {
          throw new ChatTemplateError(`${templateSource}: the chat template does not parse (${(err as Error).message}). Fix its Jinja syntax.`, {
            file: templateSource,
          });
        }
        compiled.set(name, template);
      }
      try {
        return template.render({ ...specials, messages, add_generation_prompt: opts.addGenerationPrompt });
      } catch (err) {
        throw new ChatTemplateError(`${templateSource}: the chat template failed to render these ${messages.length} messages (${(err as Error).message}).`, {
          file: templateSource,
        });
      }
    },
    eosTokenIds: [...eos],
    bosTokenId,
    padTokenId,
    vocabSize,
  };
}

// `comam-lab model score|generate`: run the decoder engine on token ids from a model folder,
// optionally with a PEFT adapter, and print logits / log-probs or generated ids.

import { readdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseBackendPreference } from '../../model/backend';
import { Engine } from '../../model/engine';
import { EngineInputError } from '../../model/engineErrors';
import { initNodeBackend } from '../../model/node-webgpu';
import { parsePrecision } from '../../model/quant/pack';
import { nodeFolderFiles } from '../../model/sources/nodeFolder';
import { loadTokenizer, type LabTokenizer } from '../../model/tokenizer';
import { UnknownOptionError } from '../../protocol/errors';
import type { CliIo, Command } from '../io';

const USAGE = [
  'comam-lab model score --model DIR --ids 1,2,3 [--adapter DIR] [--backend B] [--precision P] [--json]',
  '       comam-lab model generate --model DIR --prompt TEXT|--ids 1,2,3 [--chat] [--adapter DIR] [--seed N] [--precision P]',
  '                                [--temperature T] [--top-p P] [--top-k K] [--max-tokens K] [--backend B] [--json]',
  '  --temperature 0 is greedy decoding; --chat wraps --prompt as a user turn in the chat template;',
  '  B is webgpu, wasm, cpu or auto (default cpu); P is f32, int8 or int4 (the frozen base\'s precision, default f32).',
].join('\n');

export function parseIds(text: string | undefined): number[] {
  if (text === undefined) throw new EngineInputError('--ids is required, e.g. --ids 1,2,3.', { field: 'ids' });
  const ids = text.split(',').map((s) => s.trim());
  ids.forEach((s, i) => {
    if (!/^\d+$/.test(s)) throw new EngineInputError(`--ids item ${i + 1} ("${s}") is not a non-negative integer.`, { field: 'ids', column: i + 1 });
  });
  if (ids.length === 0) throw new EngineInputError('--ids is empty.', { field: 'ids' });
  return ids.map(Number);
}

function parseNumber(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new EngineInputError(`${flag} must be a number, got "${text}".`, { field: flag });
  return v;
}

/** The weights file when the folder has neither model.safetensors nor a sharded index: its only *.safetensors. */
async function weightsFile(dir: string): Promise<string | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  if (names.includes('model.safetensors') || names.includes('model.safetensors.index.json')) return undefined;
  const st = names.filter((n) => n.endsWith('.safetensors'));
  return st.length === 1 ? st[0] : undefined;
}

function requireModel(values: { model?: string }): string {
  if (!values.model) throw new EngineInputError('--model DIR is required (a Hugging Face model folder).', { field: 'model' });
  return values.model;
}

/** The folder's tokenizer, or undefined when it has no tokenizer.json (ids-only models). */
async function maybeTokenizer(dir: string, required: boolean): Promise<LabTokenizer | undefined> {
  const files = nodeFolderFiles(dir);
  if (!required && !(await files.has('tokenizer.json'))) return undefined;
  return loadTokenizer(files);
}

async function openEngine(values: { model?: string; adapter?: string; backend?: string; precision?: string }): Promise<Engine> {
  const model = requireModel(values);
  const precision = parsePrecision(values.precision ?? 'f32');
  const backend = parseBackendPreference(values.backend ?? 'cpu');
  await initNodeBackend(backend);
  const engine = await Engine.load(nodeFolderFiles(model), { weightsFile: await weightsFile(model), precision });
  if (values.adapter) {
    try {
      await engine.loadAdapter('cli', nodeFolderFiles(values.adapter));
    } catch (err) {
      engine.dispose();
      throw err;
    }
    engine.setActiveAdapter('cli');
  }
  return engine;
}

function weightsReport(engine: Engine): { precision: string; weight_bytes: number; f32_weight_bytes: number } {
  const mem = engine.weightMemory();
  return { precision: engine.precision, weight_bytes: mem.bytes, f32_weight_bytes: mem.f32Bytes };
}

function describeWeights(engine: Engine): string {
  const mem = engine.weightMemory();
  return `${engine.precision} weights ${(mem.bytes / 2 ** 20).toFixed(2)} MiB (${((100 * mem.bytes) / mem.f32Bytes).toFixed(1)}% of float32)`;
}

const COMMON = {
  model: { type: 'string' },
  ids: { type: 'string' },
  adapter: { type: 'string' },
  backend: { type: 'string' },
  precision: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

async function score(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: COMMON, strict: true });
  const ids = parseIds(values.ids);
  const engine = await openEngine(values);
  try {
    const batch = { ids: [ids], valid: [ids.map(() => 1)] };
    const logitsT = engine.logits(batch);
    const logits = (await logitsT.array())[0] ?? [];
    logitsT.dispose();
    let next: number[] = [];
    if (ids.length > 1) {
      const lp = engine.tokenLogprobs(batch);
      next = (await lp.array())[0] ?? [];
      lp.dispose();
    }
    if (values.json) io.out.write(`${JSON.stringify({ logits, next_token_logprobs: next, ...weightsReport(engine) })}\n`);
    else {
      io.out.write(`${ids.length} tokens, vocab ${engine.config.vocabSize}, ${describeWeights(engine)}\n`);
      next.forEach((lp, t) => io.out.write(`  log p(${ids[t + 1]} | ..${ids[t]}) = ${lp.toFixed(6)}\n`));
    }
  } finally {
    engine.dispose();
  }
  return 0;
}

async function generate(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...COMMON, prompt: { type: 'string' }, chat: { type: 'boolean', default: false }, seed: { type: 'string' }, temperature: { type: 'string' }, 'top-p': { type: 'string' }, 'top-k': { type: 'string' }, 'max-tokens': { type: 'string' } },
    strict: true,
  });
  if ((values.prompt === undefined) === (values.ids === undefined)) {
    throw new EngineInputError('Give exactly one of --prompt TEXT or --ids 1,2,3.', { field: 'prompt' });
  }
  const tokenizer = await maybeTokenizer(requireModel(values), values.prompt !== undefined);
  let ids: number[];
  if (values.prompt !== undefined && tokenizer) {
    ids = values.chat
      ? tokenizer.encode(tokenizer.applyChatTemplate([{ role: 'user', content: values.prompt }], { addGenerationPrompt: true }), { addSpecialTokens: false })
      : tokenizer.encode(values.prompt);
    if (ids.length === 0) throw new EngineInputError('--prompt encodes to no tokens; give some text.', { field: 'prompt' });
  } else ids = parseIds(values.ids);
  const opts = {
    seed: parseNumber(values.seed, '--seed', 0),
    temperature: parseNumber(values.temperature, '--temperature', 1),
    topP: parseNumber(values['top-p'], '--top-p', 1),
    topK: parseNumber(values['top-k'], '--top-k', 0),
    maxTokens: parseNumber(values['max-tokens'], '--max-tokens', 64),
  };
  const engine = await openEngine(values);
  try {
    const stopTokens = [...new Set([...engine.config.eosTokenIds, ...(tokenizer?.eosTokenIds ?? [])])];
    const [gen] = await engine.generate([ids], { ...opts, stopTokens });
    const newIds = gen?.ids ?? [];
    const text = tokenizer ? tokenizer.decode(newIds, { skipSpecialTokens: true }) : null;
    const out = { ids: newIds, text, finish: gen?.finish, ...weightsReport(engine) };
    if (values.json) io.out.write(`${JSON.stringify(out)}\n`);
    else io.out.write(`${text ?? newIds.join(',')}\n(${out.finish}; ${describeWeights(engine)})\n`);
  } finally {
    engine.dispose();
  }
  return 0;
}

export const modelCommand: Command = {
  name: 'model',
  summary: 'score token ids (logits, log-probs) or generate with the tfjs decoder engine',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === 'score') return score(rest, io);
    if (sub === 'generate') return generate(rest, io);
    throw new UnknownOptionError(`comam-lab model: unknown subcommand ${JSON.stringify(sub ?? '')}; use "score" or "generate".`, { field: 'subcommand' });
  },
};

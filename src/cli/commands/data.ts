// `comam-lab data generate|inspect`: write a seeded synthetic world as PersonaMem v1 files, and
// check a PersonaMem v1 pair of files (counts, history lengths, every invalid row with its place).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Tokenizer } from '@huggingface/tokenizers';
import type { CountTokens } from '../../env/chunk';
import { contextsFor } from '../../env/contextsFor';
import { WorldConfigError } from '../../env/errors';
import { generateWorld } from '../../env/generator';
import { nodeFileSource } from '../../env/nodeSource';
import { importPersonaMemV1 } from '../../env/personamemV1';
import { DEFAULT_LIMITS } from '../../env/source';
import { datasetStats, type Spread } from '../../env/stats';
import { approxTokenCount } from '../../env/tokens';
import { WORLD_PRESETS, type WorldConfig } from '../../env/worldConfig';
import { writeContextsJsonl, writeQuestionsCsv } from '../../env/writeV1';
import { ModelFileMissingError } from '../../model/errors';
import { UnknownOptionError } from '../../protocol/errors';
import type { CliIo, Command } from '../io';

export const GENERATED_FILES = Object.freeze({ questions: 'questions.csv', contexts: 'shared_contexts.jsonl' });

const USAGE = `comam-lab data generate --seed N [--preset tiny|classroom|long] [--personas N] [--sessions N] [--turns N]
                         [--distractors R] [--topics N] [--questions-per-type N] --out DIR
       comam-lab data inspect QUESTIONS.csv CONTEXTS.jsonl [--json] [--tokenizer DIR] [--max-bytes N] [--timeout-ms N]
       comam-lab data contexts QUESTIONS.csv --out CONTEXTS.jsonl [--seed N]   (a generated contexts file of PersonaMem v1's shape for a questions CSV)`;

function num(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new WorldConfigError(`--${name} ${JSON.stringify(raw)} is not a number. Give a number.`, { field: name });
  return v;
}

function positive(name: string, raw: string | undefined): number | undefined {
  const v = num(name, raw);
  if (v !== undefined && !(v > 0)) throw new WorldConfigError(`--${name} must be a positive number, got ${v}.`, { field: name });
  return v;
}

function generate(argv: string[], io: CliIo): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string' },
      preset: { type: 'string' },
      personas: { type: 'string' },
      sessions: { type: 'string' },
      turns: { type: 'string' },
      distractors: { type: 'string' },
      topics: { type: 'string' },
      'questions-per-type': { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (values.seed === undefined || values.out === undefined) throw new WorldConfigError('data generate needs --seed N and --out DIR.', { field: values.seed === undefined ? 'seed' : 'out' });
  let preset: Partial<WorldConfig> = {};
  if (values.preset !== undefined) {
    if (!(values.preset in WORLD_PRESETS)) throw new UnknownOptionError(`unknown preset "${values.preset}". Use one of: ${Object.keys(WORLD_PRESETS).join(', ')}.`, { field: 'preset' });
    preset = WORLD_PRESETS[values.preset as keyof typeof WORLD_PRESETS];
  }
  const given: Partial<WorldConfig> = {
    seed: num('seed', values.seed),
    personas: num('personas', values.personas),
    sessionsPerPersona: num('sessions', values.sessions),
    turnsPerSession: num('turns', values.turns),
    distractorRatio: num('distractors', values.distractors),
    topicsPerPersona: num('topics', values.topics),
    questionsPerType: num('questions-per-type', values['questions-per-type']),
  };
  const config = { ...preset, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) };
  const world = generateWorld(config);
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, GENERATED_FILES.questions), writeQuestionsCsv(world));
  writeFileSync(join(values.out, GENERATED_FILES.contexts), writeContextsJsonl(world));
  const turns = world.contexts.reduce((n, c) => n + c.turns.length, 0);
  io.out.write(`Wrote ${world.questions.length} questions, ${world.personas.length} personas, ${turns} turns to ${values.out}/{${GENERATED_FILES.questions},${GENERATED_FILES.contexts}}\n`);
  return 0;
}

function tokenCounter(dir: string | undefined): { count: CountTokens; label: string } {
  if (dir === undefined) return { count: approxTokenCount, label: 'tokens ≈ characters / 4; pass --tokenizer DIR for exact counts' };
  for (const f of ['tokenizer.json', 'tokenizer_config.json']) {
    if (!existsSync(join(dir, f))) throw new ModelFileMissingError(`${join(dir, f)} does not exist: --tokenizer takes a model folder holding tokenizer.json and tokenizer_config.json.`, { file: f });
  }
  const json = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as object;
  const config = JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')) as object;
  const tokenizer = new Tokenizer(json, config);
  return { count: (text) => tokenizer.encode(text).ids.length, label: `tokens by ${join(dir, 'tokenizer.json')}` };
}

const fmt = (s: Spread) => `min ${s.min}, median ${s.median}, max ${s.max}`;

async function inspect(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, tokenizer: { type: 'string' }, 'max-bytes': { type: 'string' }, 'timeout-ms': { type: 'string' } },
  });
  if (positionals.length !== 2) {
    io.err.write(`comam-lab data inspect: give the questions CSV and the contexts JSONL.\nUsage: ${USAGE}\n`);
    return 2;
  }
  const errors: string[] = [];
  const { dataset, contextsSeen } = await importPersonaMemV1(
    { questions: nodeFileSource(positionals[0]), contexts: nodeFileSource(positionals[1]) },
    { limits: { maxBytes: positive('max-bytes', values['max-bytes']) ?? DEFAULT_LIMITS.maxBytes, timeoutMs: positive('timeout-ms', values['timeout-ms']) ?? DEFAULT_LIMITS.timeoutMs }, onRowError: (e) => errors.push(`${e.name}: ${e.message}`) },
  );
  const tokens = tokenCounter(values.tokenizer);
  const stats = datasetStats(dataset, tokens.count);
  if (values.json) {
    io.out.write(`${JSON.stringify({ ...stats, contextsInFile: contextsSeen, tokenCount: tokens.label, invalidRows: errors }, null, 2)}\n`);
  } else {
    const lines = [
      `${stats.questions} valid questions, ${stats.personas} personas, ${stats.contexts} contexts used (${contextsSeen} in the file), ${stats.sessions} sessions`,
      'Questions per type:',
      ...Object.entries(stats.byType).map(([t, n]) => `  ${t.padEnd(44)} ${n}`),
      `History a question sees, turns:  ${fmt(stats.questionHistoryTurns)}`,
      `History a question sees, tokens: ${fmt(stats.questionHistoryTokens)}`,
      `Whole contexts, turns:           ${fmt(stats.contextTurns)}`,
      `Whole contexts, tokens:          ${fmt(stats.contextTokens)}`,
      `(${tokens.label})`,
      `Evidence approximate for ${stats.approximateEvidence} of ${stats.questions} questions; split ${stats.split.train} train / ${stats.split.val} validation`,
    ];
    io.out.write(`${lines.join('\n')}\n`);
  }
  if (errors.length > 0) {
    io.err.write(`${errors.length} invalid row${errors.length > 1 ? 's' : ''}:\n${errors.map((e) => `  ${e}`).join('\n')}\n`);
    return 1;
  }
  return 0;
}

function contexts(argv: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string' }, seed: { type: 'string' } } });
  if (positionals.length !== 1 || values.out === undefined) {
    io.err.write(`comam-lab data contexts: give the questions CSV and --out FILE.\nUsage: ${USAGE}\n`);
    return 2;
  }
  const text = contextsFor(readFileSync(positionals[0], 'utf8'), { seed: num('seed', values.seed) });
  writeFileSync(values.out, text);
  io.out.write(`Wrote ${text.split('\n').filter((l) => l !== '').length} generated contexts (${(text.length / 1e6).toFixed(1)} MB) for ${positionals[0]} to ${values.out}\n`);
  return 0;
}

export const dataCommand: Command = {
  name: 'data',
  summary: 'generate a synthetic persona world, or inspect PersonaMem v1 files',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === 'generate') return generate(rest, io);
    if (sub === 'inspect') return inspect(rest, io);
    if (sub === 'contexts') return contexts(rest, io);
    io.err.write(`comam-lab data: unknown subcommand ${JSON.stringify(sub ?? '')}.\nUsage: ${USAGE}\n`);
    return 2;
  },
};

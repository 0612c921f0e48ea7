// The chunked-extraction benchmark (not a timed test): the cost of the chunked Extractor against history
// length on wasm with the bundled model — chunks, wall time, history and model tokens per second, peak
// memory — each length in a fresh Node process so its peak RSS is its own.
// Run: npm run bench:chunks -- [--lengths 1000,4000,16000,32000] [--chunk-tokens 160] [--memory-tokens 128]
//        [--max-tokens 96] [--model bundled:comam-tiny] [--seed 1] [--json] [--out DIR]
// A history of N tokens is the first turns of one persona of a generated `long` world (60 sessions of 50
// turns) up to N tokens by the model's tokenizer. One trajectory (G = 1), sampled at temperature 1 with
// old log-probs, as a training rollout's Extractor. Writes bench-results/bench-chunks.json.

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { defaultTemplates } from '../src/agents/registry';
import { loadNodeModel, parseModelArg } from '../src/cli/nodeModel';
import { renderTurn } from '../src/env/chunk';
import { generateWorld } from '../src/env/generator';
import { WORLD_PRESETS } from '../src/env/worldConfig';
import type { Turn } from '../src/env/types';
import { initBackend } from '../src/model/backend';
import { Rng } from '../src/model/rng';
import { sampleTeam } from '../src/rl/rollout';

const { values } = parseArgs({
  options: {
    lengths: { type: 'string', default: '1000,4000,16000,32000' },
    'chunk-tokens': { type: 'string', default: '160' },
    'memory-tokens': { type: 'string', default: '128' },
    'max-tokens': { type: 'string', default: '96' },
    model: { type: 'string', default: 'bundled:comam-tiny' },
    seed: { type: 'string', default: '1' },
    one: { type: 'string' },
    json: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results' },
  },
});

function fail(message: string): never {
  process.stderr.write(`bench:chunks: ${message}\n`);
  process.exit(2);
}

const whole = (name: string, raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a whole number ≥ 1, got "${raw}".`);
  return n;
};
const chunkTokens = whole('chunk-tokens', values['chunk-tokens']);
const memoryTokens = whole('memory-tokens', values['memory-tokens']);
const maxTokens = whole('max-tokens', values['max-tokens']);
const seed = whole('seed', values.seed);

interface Row {
  target_tokens: number;
  history_tokens: number;
  turns: number;
  chunks: number;
  extract_ms: number;
  ms_per_chunk: number;
  history_tokens_per_s: number;
  model_tokens_per_s: number;
  sampled_tokens: number;
  peak_rss_mib: number;
  peak_tensor_mib: number;
}

/** One length, measured in this process (the parent runs each in a child). */
async function measureOne(target: number): Promise<Row> {
  await initBackend('wasm');
  const model = await loadNodeModel(parseModelArg(values.model));
  const count = (t: string) => model.codec.encodeText(t).length;
  const world = generateWorld({ ...WORLD_PRESETS.long, seed });
  const turns: Turn[] = [];
  let tokens = 0;
  for (const t of world.contexts[0].turns) {
    if (tokens >= target) break;
    turns.push(t);
    tokens = count(turns.map(renderTurn).join('\n'));
  }
  if (tokens < target) fail(`the generated world has only ${tokens} tokens; lower --lengths.`);
  const question = world.questions[0];
  let peakTensor = tf.memory().numBytes;
  let extracted = 0;
  const t0 = performance.now();
  const [[t]] = await sampleTeam(
    model.engine,
    model.codec,
    { templates: defaultTemplates(), adapters: { extractor: null, profiler: null, retriever: null } },
    [{ history: turns, question }],
    { groupSize: 1, temperature: 1, topP: 1, maxTokens, chunks: { chunkTokens, memoryTokens } },
    new Rng(seed),
    (p) => {
      peakTensor = Math.max(peakTensor, tf.memory().numBytes);
      if (p.agentIndex === 2 && extracted === 0) extracted = performance.now();
      if (p.agentIndex === 1 && p.token === 0) process.stderr.write(`  ${target}: ${p.label}\r`);
    },
  );
  const ms = (extracted || performance.now()) - t0;
  const chunks = t.extractorChunks ?? [];
  const sampled = chunks.reduce((a, c) => a + c.sample.completionIds.length, 0);
  const prompt = chunks.reduce((a, c) => a + c.sample.promptIds.length, 0);
  model.engine.dispose();
  return {
    target_tokens: target,
    history_tokens: tokens,
    turns: turns.length,
    chunks: chunks.length,
    extract_ms: Math.round(ms),
    ms_per_chunk: Math.round(ms / Math.max(1, chunks.length)),
    history_tokens_per_s: Math.round((tokens * 1000) / ms),
    model_tokens_per_s: Math.round(((prompt + sampled) * 1000) / ms),
    sampled_tokens: sampled,
    peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
    peak_tensor_mib: Math.round((peakTensor / 2 ** 20) * 10) / 10,
  };
}

if (values.one !== undefined) {
  const row = await measureOne(whole('one', values.one));
  process.stdout.write(`${JSON.stringify(row)}\n`);
} else {
  const lengths = values.lengths.split(',').map((x) => whole('lengths', x));
  const rows: Row[] = [];
  for (const n of lengths) {
    process.stderr.write(`history of ${n} tokens …\n`);
    const args = ['--import', './bin/register-loaders.mjs', 'scripts/bench-chunks.ts', '--one', String(n), '--chunk-tokens', String(chunkTokens), '--memory-tokens', String(memoryTokens), '--max-tokens', String(maxTokens), '--model', values.model, '--seed', String(seed)];
    const child = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    if (child.status !== 0) fail(`the run for ${n} tokens failed (exit ${child.status ?? child.signal}).`);
    rows.push(JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Row);
    process.stderr.write('\n');
  }
  const result = { backend: 'wasm', model: values.model, chunk_tokens: chunkTokens, memory_tokens: memoryTokens, max_tokens: maxTokens, seed, rows };
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'bench-chunks.json'), `${JSON.stringify(result, null, 2)}\n`);
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    const head = '| history tokens | turns | chunks | extraction s | ms / chunk | history tok/s | model tok/s | peak RSS MiB | peak tensors MiB |';
    const lines = rows.map((r) => `| ${r.history_tokens} | ${r.turns} | ${r.chunks} | ${(r.extract_ms / 1000).toFixed(1)} | ${r.ms_per_chunk} | ${r.history_tokens_per_s} | ${r.model_tokens_per_s} | ${r.peak_rss_mib} | ${r.peak_tensor_mib} |`);
    process.stdout.write(`${[head, '|---|---|---|---|---|---|---|---|---|', ...lines].join('\n')}\n`);
  }
}

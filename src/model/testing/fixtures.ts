// Test helpers: the shared fixture models on disk, their reference outputs, and a max-abs-diff.
// Used only by *.test.ts files (Node).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend, type BackendName } from '../backend';
import { Engine } from '../engine';
import { nodeFolderFiles } from '../sources/nodeFolder';

export const FIXTURES = join(process.cwd(), '..', 'shared', 'fixtures', 'models');

export interface Reference {
  input_ids: number[][];
  logits: number[][][];
  logits_with_adapter: number[][][];
  log_softmax_of_next_token: number[][];
  greedy: { prompt: number[]; continuation: number[]; min_top1_margin: number };
}

export function reference(model: string): Reference {
  return JSON.parse(readFileSync(join(FIXTURES, model, 'reference.json'), 'utf8')) as Reference;
}

export function fixtureFiles(model: string, sub = '') {
  return nodeFolderFiles(join(FIXTURES, model, sub));
}

export async function loadFixture(model: string, backend: BackendName): Promise<Engine> {
  await initBackend(backend);
  const weightsFile = model === 'paged-infer-tiny-llama' ? 'tiny_llama.safetensors' : undefined;
  return Engine.load(fixtureFiles(model), { weightsFile });
}

/** The paged-infer golden logits [40][112] and their token ids. */
export function pagedGolden(): { tokens: number[]; logits: number[][] } {
  const dir = join(FIXTURES, 'paged-infer-tiny-llama');
  const meta = readFileSync(join(dir, 'tiny_llama_meta.txt'), 'utf8');
  const tokens = (/^tokens=(.*)$/m.exec(meta)?.[1] ?? '').split(',').map(Number);
  const bin = readFileSync(join(dir, 'tiny_llama_golden.bin'));
  const flat = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  const v = flat.length / tokens.length;
  return { tokens, logits: tokens.map((_, t) => Array.from(flat.subarray(t * v, (t + 1) * v))) };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
  return Number.isNaN(m) ? Infinity : m;
}

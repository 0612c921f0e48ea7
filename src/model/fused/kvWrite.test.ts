import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { KvCache, bucketLength } from '../kvcache';
import { loadFixture } from '../testing/fixtures';
import { kvWrite } from './kvWrite';

describe.each(['cpu', 'wasm'] as const)('preallocated KV cache on %s', (backend) => {
  it('kvWrite writes slots in place and leaves the others', async () => {
    await initBackend(backend);
    const cache = tf.zeros<tf.Rank.R4>([2, 3, 8, 4]);
    const id = cache.dataId;
    const update = tf.randomUniform<tf.Rank.R4>([2, 3, 2, 4], 0.5, 1.5);
    kvWrite(cache, update, 5);
    expect(cache.dataId).toBe(id);
    const got = await tf.slice(cache, [0, 0, 5, 0], [2, 3, 2, 4]).data();
    expect(Array.from(got)).toEqual(Array.from(await update.data()));
    const rest = tf.concat([tf.slice(cache, [0, 0, 0, 0], [2, 3, 5, 4]), tf.slice(cache, [0, 0, 7, 0], [2, 3, 1, 4])], 2);
    expect((await rest.data()).every((v) => v === 0)).toBe(true);
    expect(() => kvWrite(cache, update, 7)).toThrow(/does not fit the cache/);
    tf.dispose([cache, update, rest]);
  });

  it('generation allocates its cache once: device bytes stay flat over decode steps', async () => {
    const engine = await loadFixture('tiny-llama-f32', backend);
    const bytes: number[] = [];
    await engine.generate([[1, 2, 3], [4]], { temperature: 0.7, seed: 1, maxTokens: 40, stopTokens: [], onStep: () => bytes.push(tf.memory().numBytes) });
    expect(bytes).toHaveLength(40);
    expect(new Set(bytes).size).toBe(1);
    engine.dispose();
  });

  it('capacities are bucketed and an overflowing step is a named error', () => {
    expect([bucketLength(1), bucketLength(64), bucketLength(65), bucketLength(300)]).toEqual([64, 64, 128, 320]);
    const cache = new KvCache(1, 1, { numKvHeads: 1, headDim: 2, capacity: 60 });
    expect(cache.capacity).toBe(64);
    cache.advance([Array<number>(64).fill(1)]);
    expect(() => cache.advance([[1]])).toThrow(/holds 64 slots; 64 are used/);
    cache.dispose();
  });
});

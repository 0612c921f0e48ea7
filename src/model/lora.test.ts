import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enableGradients } from './gradients';
import type { Engine } from './engine';
import { AdapterError } from './engineErrors';
import { parseTargets } from './lora';
import { loadFixture, reference } from './testing/fixtures';

describe('LoRA adapters over one frozen base', () => {
  const ref = reference('tiny-qwen2-bf16');
  const batch = { ids: ref.input_ids.map((r) => r.slice(0, 9)), valid: ref.input_ids.map((r) => r.slice(0, 9).map(() => 1)) };
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadFixture('tiny-qwen2-bf16', 'cpu');
    await enableGradients();
  });
  afterAll(() => engine.dispose());

  it('A is seeded (same seed, same A; B = 0), and several adapters coexist by name', async () => {
    const spec = { rank: 3, alpha: 6, targets: parseTargets(['q', 'v', 'down']) };
    const a = engine.createAdapter('extractor', spec, 12);
    const b = engine.createAdapter('profiler', spec, 12);
    const c = engine.createAdapter('retriever', spec, 13);
    const aq = await a.pair(1, 'q_proj')?.a.data();
    expect(Array.from(aq ?? [])).toEqual(Array.from((await b.pair(1, 'q_proj')?.a.data()) ?? []));
    expect(Array.from(aq ?? [])).not.toEqual(Array.from((await c.pair(1, 'q_proj')?.a.data()) ?? []));
    expect(Array.from((await a.pair(0, 'down_proj')?.b.data()) ?? [1]).every((x) => x === 0)).toBe(true);
    expect(a.pair(0, 'k_proj')).toBeUndefined();
    expect(engine.adapterNames()).toEqual(['extractor', 'profiler', 'retriever']);
    expect(() => engine.setActiveAdapter('judge')).toThrow(AdapterError);
    for (const n of engine.adapterNames()) engine.removeAdapter(n);
  });

  it('log-prob gradients w.r.t. LoRA B match finite differences; the base gets none', async () => {
    const adapter = engine.createAdapter('g', { rank: 2, alpha: 4, targets: ['k_proj', 'up_proj'] }, 3);
    engine.setActiveAdapter('g');
    const objective = () => tf.sum<tf.Scalar>(engine.tokenLogprobs(batch, { chunk: 4 }));
    const { grads } = tf.variableGrads(objective, adapter.variables());
    expect(Object.keys(grads)).toHaveLength(adapter.variables().length);
    const b = adapter.pair(1, 'up_proj')?.b;
    if (!b) throw new Error('missing pair');
    const analytic = (await grads[b.name]?.data())?.[5] ?? NaN;
    const eps = 1e-2;
    const at = async (delta: number) => {
      const values = await b.data();
      const next = Float32Array.from(values);
      next[5] = (next[5] ?? 0) + delta;
      tf.tidy(() => b.assign(tf.tensor2d(next, b.shape)));
      const total = tf.tidy(objective);
      const v = (await total.data())[0] ?? NaN;
      total.dispose();
      tf.tidy(() => b.assign(tf.tensor2d(values, b.shape)));
      return v;
    };
    const numeric = ((await at(eps)) - (await at(-eps))) / (2 * eps);
    expect(Math.abs(analytic)).toBeGreaterThan(1e-3);
    expect(Math.abs(analytic - numeric)).toBeLessThan(2e-2 * Math.max(1, Math.abs(analytic)));
    tf.dispose(Object.values(grads));
    engine.setActiveAdapter(null);
    engine.removeAdapter('g');
  });

  it('unknown target modules and bad rank/alpha are named errors', () => {
    expect(() => parseTargets(['q', 'lm_head'])).toThrow(/"lm_head" is not supported/);
    expect(() => engine.createAdapter('bad', { rank: 0, alpha: 1, targets: ['q_proj'] }, 1)).toThrow(/rank must be a positive integer/);
  });
});

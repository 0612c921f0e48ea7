import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMOLLM2_135M } from './smolConfig';
import { activationBytesPerSequence, microBatchFor, policyGradients, randomIds } from './measure';
import type { Engine } from '../engine';
import { parseModelConfig } from '../config';
import { enableGradients } from '../gradients';
import { LORA_TARGETS } from '../lora';
import { Rng } from '../rng';
import { loadFixture } from '../testing/fixtures';

describe('the benchmark GRPO step in micro-batches', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadFixture('tiny-llama-f32', 'cpu');
    await enableGradients();
  });
  afterAll(() => engine.dispose());

  it('sums micro-batch gradients to the whole batch gradient', async () => {
    const rng = new Rng(Math.floor(Math.random() * 1e9));
    const adapter = engine.createAdapter('bench', { rank: 4, alpha: 8, targets: LORA_TARGETS }, 5);
    // B starts at zero, which would leave A's gradient zero: give every B random values first.
    const vars = adapter.variables();
    for (let i = 1; i < vars.length; i += 2) tf.tidy(() => vars[i].assign(tf.randomNormal(vars[i].shape, 0, 0.05)));
    engine.setActiveAdapter('bench');
    const ids = randomIds(rng, 4, 10, engine.config.vocabSize);
    const adv = [0.7, -0.2, 1.1, -0.9];
    const whole = await policyGradients(engine, ids, adv, 4);
    for (const micro of [1, 2]) {
      const parts = await policyGradients(engine, ids, adv, micro);
      expect([...parts.grads.keys()]).toEqual([...whole.grads.keys()]);
      for (const [k, g] of whole.grads) {
        const a = await g.data();
        const b = await (parts.grads.get(k) as tf.Tensor).data();
        const scale = Math.max(...Array.from(a, Math.abs));
        expect(scale).toBeGreaterThan(0);
        for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-5 * scale);
      }
      tf.dispose([...parts.grads.values()]);
    }
    tf.dispose([...whole.grads.values()]);
    await expect(policyGradients(engine, ids, adv, 3)).rejects.toThrow(RangeError);
    engine.setActiveAdapter(null);
    engine.removeAdapter('bench');
  });

  it('splits a step whose tape would not fit and keeps small models whole', () => {
    const smol = parseModelConfig(SMOLLM2_135M);
    // The measured SmolLM2-135M tape of one 256-token sequence on wasm: 1.71 GB.
    expect(activationBytesPerSequence(smol, 256) / 1.71e9).toBeCloseTo(1, 1);
    const micro = microBatchFor(smol, 8, 64, 1.5 * 2 ** 30);
    expect(micro).toBeGreaterThanOrEqual(1);
    expect(micro).toBeLessThan(8);
    expect(8 % micro).toBe(0);
    expect(microBatchFor(engine.config, 8, 256, 1.5 * 2 ** 30)).toBe(8);
    // With recomputed layers the tape is about one layer's plus every layer's input: the whole batch fits.
    expect(activationBytesPerSequence(smol, 256, true)).toBeLessThan(activationBytesPerSequence(smol, 256) / 10);
    expect(microBatchFor(smol, 8, 256, 1.5 * 2 ** 30, true)).toBe(8);
    expect(microBatchFor(parseModelConfig(SMOLLM2_135M), 8, 256, 1)).toBe(1);
  });
});

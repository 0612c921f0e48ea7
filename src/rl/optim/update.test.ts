import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../model/engine';
import { enableGradients } from '../../model/gradients';
import { LOSS_TYPES } from '../config';
import { AdamW } from './adamw';
import { fixtureModel } from '../../run/training/testkit';
import { microBatchLoss, updateAgent } from './update';
import { checkRows } from './updateCheck';

describe('updateAgent in micro-batches (a chunked Extractor: one row per chunk call)', { timeout: 120_000 }, () => {
  let engine: Engine;
  beforeAll(async () => {
    await enableGradients();
    ({ engine } = await fixtureModel('cpu'));
  });
  afterAll(() => engine.dispose());

  it('micro-batches sum to the whole batch: same loss, KL and gradients for every loss_type', async () => {
    const rows = checkRows(engine.config.vocabSize, 7, 5).map((r, i) => ({ ...r, oldLogprobs: r.oldLogprobs.map(() => -2 - i / 10) }));
    for (const lossType of LOSS_TYPES) {
      const run = async (microBatch: number | undefined, k: number) => {
        const name = `mb.${lossType}.${k}`;
        const vars = engine.createAdapter(name, { rank: 4, alpha: 8, targets: ['q_proj', 'v_proj'] }, 3).variables();
        // A non-zero B so the adapter's gradients reach A too (B = 0 at creation).
        vars.forEach((v, j) => v.assign(tf.randomUniform(v.shape, -0.05, 0.05, 'float32', 40 + j)));
        const seen: number[][] = [];
        const r = await updateAgent(engine, name, new AdamW(vars), rows, {
          grpo: { beta: 0.04, epsilonLow: 0.2, epsilonHigh: 0.2, lossType, maxCompletionLength: 8, numIterations: 1 },
          temperature: 1,
          learningRate: 1e-3,
          maxGradNorm: 0,
          microBatch,
          onGradients: (g) => {
            for (const v of vars) seen.push(Array.from(g[v.name].dataSync()));
            return g;
          },
        });
        engine.removeAdapter(name);
        return { r, grads: seen.flat() };
      };
      const whole = await run(undefined, 0);
      const parts = await run(2, 1);
      expect(parts.r.loss, lossType).toBeCloseTo(whole.r.loss, 5);
      expect(parts.r.kl, lossType).toBeCloseTo(whole.r.kl, 6);
      expect(parts.r.entropy).toBeCloseTo(whole.r.entropy, 10);
      const scale = Math.max(...whole.grads.map(Math.abs));
      expect(scale).toBeGreaterThan(0);
      expect(Math.max(...whole.grads.map((g, i) => Math.abs(g - (parts.grads[i] ?? NaN)))) / scale, lossType).toBeLessThan(1e-4);
    }
  });

  it('weights each micro-loss by its share: grpo by sequences, bnpo by tokens, dapo by the whole batch tokens', () => {
    const s = { beta: 0, epsilonLow: 0.2, epsilonHigh: 0.2, maxCompletionLength: 8, numIterations: 1 };
    expect(microBatchLoss({ ...s, lossType: 'grpo' }, 2, 7, 8, 30).weight).toBe(0.25);
    expect(microBatchLoss({ ...s, lossType: 'dr_grpo' }, 2, 7, 8, 30).weight).toBe(0.25);
    expect(microBatchLoss({ ...s, lossType: 'bnpo' }, 2, 6, 8, 30).weight).toBe(0.2);
    expect(microBatchLoss({ ...s, lossType: 'dapo' }, 2, 6, 8, 30)).toMatchObject({ weight: 1, settings: { numItemsInBatch: 30 } });
  });
});

import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { grpoLoss } from './grpo';
import { grpoSelfCheck } from './grpoCheck';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('GRPO self-check', () => {
  it('passes on the cpu backend for every loss_type, with and without KL, without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const report = await grpoSelfCheck();
    expect(report.backend).toBe('cpu');
    expect(report.cases).toHaveLength(8);
    expect(report.ok).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
  it('its batch exercises clipping in both directions', () => {
    // ratios: row 0 token 1 e^0.5 > 1.28 with A > 0 (high); row 1 token 0 e^-0.5 < 0.8 with A < 0 (low)
    const r = grpoLoss(
      [
        [-1.2, -0.3, -2.0, -9.0],
        [-0.7, -1.1, -0.2, -1.6],
      ],
      {
        mask: [
          [1, 1, 1, 0],
          [1, 1, 1, 1],
        ],
        advantages: [0.9, -1.3],
        oldLogp: [
          [-1.2, -0.8, -1.7, -9.0],
          [-0.2, -1.1, -0.6, -1.4],
        ],
      },
      { beta: 0, epsilonLow: 0.2, epsilonHigh: 0.28, lossType: 'bnpo', maxCompletionLength: 6, numIterations: 2 },
    );
    expect(r.clip.high).toBeGreaterThan(0);
    expect(r.clip.low).toBeGreaterThan(0);
    expect(r.gradient[0][1]).toBe(0);
    expect(r.gradient[1][0]).toBe(0);
  });
});

// A self-check of the differentiable GRPO loss on whichever tfjs backend is active: its loss and
// gradient must equal the plain-array reference for every loss_type, with KL and with clipping.

import * as tf from '@tensorflow/tfjs-core';
import { LOSS_TYPES, type LossType } from './config';
import { grpoLoss, grpoLossTf, type GrpoBatch, type GrpoSettings } from './grpo';

export interface GrpoCheckCase {
  lossType: LossType;
  beta: number;
  /** Largest |tfjs − reference| over the loss and every gradient entry. */
  maxError: number;
}

export interface GrpoCheckReport {
  backend: string;
  ok: boolean;
  tolerance: number;
  cases: GrpoCheckCase[];
}

// [2, 4] log-probs; row 0 has 3 tokens and row 1 all 4. The old log-probs put some ratios outside
// [0.8, 1.28] in each direction, so the clipped branch is exercised with both advantage signs.
const LOGP = [
  [-1.2, -0.3, -2.0, -9.0],
  [-0.7, -1.1, -0.2, -1.6],
];
const BATCH: GrpoBatch = {
  mask: [
    [1, 1, 1, 0],
    [1, 1, 1, 1],
  ],
  advantages: [0.9, -1.3],
  oldLogp: [
    [-1.2, -0.8, -1.7, -9.0],
    [-0.2, -1.1, -0.6, -1.4],
  ],
  refLogp: [
    [-1.0, -0.5, -2.2, -9.0],
    [-0.9, -1.0, -0.1, -1.9],
  ],
};

async function tfCase(s: GrpoSettings): Promise<{ loss: number; grad: number[][] }> {
  const x = tf.tensor2d(LOGP);
  const t = {
    mask: tf.tensor2d(BATCH.mask as number[][]),
    advantages: tf.tensor1d(BATCH.advantages as number[]),
    oldLogp: tf.tensor2d(BATCH.oldLogp as number[][]),
    refLogp: tf.tensor2d(BATCH.refLogp as number[][]),
  };
  const { value, grad } = tf.valueAndGrad((v: tf.Tensor) => grpoLossTf(v as tf.Tensor2D, t, s))(x);
  // Asynchronous reads: WebGPU's synchronous reads are not reliable (they can return zeros).
  const out = { loss: (await value.data())[0], grad: (await grad.array()) as number[][] };
  tf.dispose([x, value, grad, ...Object.values(t)]);
  return out;
}

/**
 * Run every loss_type with β = 0 and β = 0.05 (ε_low 0.2, ε_high 0.28, μ = 2) on the active backend.
 * Reads back results, so call it at start-up or from a test, not inside a training step.
 */
export async function grpoSelfCheck(tolerance = 1e-4): Promise<GrpoCheckReport> {
  const cases: GrpoCheckCase[] = [];
  for (const lossType of LOSS_TYPES) {
    for (const beta of [0, 0.05]) {
      const s: GrpoSettings = { beta, epsilonLow: 0.2, epsilonHigh: 0.28, lossType, maxCompletionLength: 6, numIterations: 2 };
      const ref = grpoLoss(LOGP, BATCH, s);
      const got = await tfCase(s);
      let maxError = Math.abs(got.loss - ref.loss);
      got.grad.forEach((row, i) => row.forEach((g, j) => (maxError = Math.max(maxError, Math.abs(g - ref.gradient[i][j])))));
      cases.push({ lossType, beta, maxError });
    }
  }
  return { backend: tf.getBackend(), ok: cases.every((c) => c.maxError <= tolerance), tolerance, cases };
}

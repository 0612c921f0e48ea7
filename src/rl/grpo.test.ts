import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOSS_TYPES, type LossType } from './config';
import { GrpoInputError } from './errors';
import { grpoLoss, grpoLossTf, tokenWeights, type GrpoBatch, type GrpoSettings } from './grpo';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const settings = (over: Partial<GrpoSettings> = {}): GrpoSettings => ({
  beta: 0,
  epsilonLow: 0.2,
  epsilonHigh: 0.2,
  lossType: 'grpo',
  maxCompletionLength: 4,
  numIterations: 1,
  ...over,
});

// Two sequences: lengths 2 and 3 (the third token of row 0 is padding). π_old = π_θ → ratio 1,
// so the per-token loss is −A (+ β·KL) and the per-token gradient −A (+ β·(1 − e^(ref − logπ))).
const logp = [
  [-1, -2, -7],
  [-0.5, -1.5, -1],
];
const mask = [
  [1, 1, 0],
  [1, 1, 1],
];
const advantages = [1, -0.5];
const LN2 = Math.log(2);
const refLogp = logp.map((row) => row.map((x) => x + LN2)); // ref − logπ = ln 2 → KL = 1 − ln 2, ∂KL/∂logπ = −1
const KL = 1 - LN2;

/** Hand-computed loss and gradient per loss_type (weights: grpo 1/(2·n_b), bnpo 1/5, dr_grpo 1/8, dapo 1/5). */
const HAND: Record<LossType, { loss: number; grad: number[][]; lossKl: number; gradKl: number[][] }> = {
  grpo: {
    loss: (-2 / 2 + 1.5 / 3) / 2, // −0.25
    grad: [
      [-1 / 4, -1 / 4, 0],
      [0.5 / 6, 0.5 / 6, 0.5 / 6],
    ],
    lossKl: -0.25 + 0.1 * KL,
    gradKl: [
      [-1.1 / 4, -1.1 / 4, 0],
      [0.4 / 6, 0.4 / 6, 0.4 / 6],
    ],
  },
  bnpo: {
    loss: -0.5 / 5,
    grad: [
      [-1 / 5, -1 / 5, 0],
      [0.5 / 5, 0.5 / 5, 0.5 / 5],
    ],
    lossKl: -0.1 + 0.1 * KL,
    gradKl: [
      [-1.1 / 5, -1.1 / 5, 0],
      [0.4 / 5, 0.4 / 5, 0.4 / 5],
    ],
  },
  dr_grpo: {
    loss: -0.5 / 8,
    grad: [
      [-1 / 8, -1 / 8, 0],
      [0.5 / 8, 0.5 / 8, 0.5 / 8],
    ],
    lossKl: (-0.5 + 5 * 0.1 * KL) / 8,
    gradKl: [
      [-1.1 / 8, -1.1 / 8, 0],
      [0.4 / 8, 0.4 / 8, 0.4 / 8],
    ],
  },
  dapo: {
    loss: -0.5 / 5,
    grad: [
      [-1 / 5, -1 / 5, 0],
      [0.5 / 5, 0.5 / 5, 0.5 / 5],
    ],
    lossKl: -0.1 + 0.1 * KL,
    gradKl: [
      [-1.1 / 5, -1.1 / 5, 0],
      [0.4 / 5, 0.4 / 5, 0.4 / 5],
    ],
  },
};

function expectClose(actual: number[][], expected: number[][], digits: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => row.forEach((x, j) => expect(x).toBeCloseTo(expected[i][j], digits)));
}

function tfLossAndGrad(lp: number[][], batch: GrpoBatch, s: GrpoSettings): { loss: number; grad: number[][] } {
  const x = tf.tensor2d(lp);
  const t = {
    mask: tf.tensor2d(batch.mask as number[][]),
    advantages: tf.tensor1d(batch.advantages as number[]),
    ...(batch.oldLogp ? { oldLogp: tf.tensor2d(batch.oldLogp as number[][]) } : {}),
    ...(batch.refLogp ? { refLogp: tf.tensor2d(batch.refLogp as number[][]) } : {}),
  };
  const { value, grad } = tf.valueAndGrad((v: tf.Tensor) => grpoLossTf(v as tf.Tensor2D, t, s))(x);
  const out = { loss: value.dataSync()[0], grad: grad.arraySync() as number[][] };
  tf.dispose([x, value, grad, ...Object.values(t)]);
  return out;
}

describe('GRPO token weights', () => {
  it('matches the worked example: lengths 1 and 3, L = 4', () => {
    const m = [
      [1, 0, 0],
      [1, 1, 1],
    ];
    expect(tokenWeights(m, { lossType: 'grpo', maxCompletionLength: 4 })).toEqual([1 / 2, 1 / 6]);
    expect(tokenWeights(m, { lossType: 'bnpo', maxCompletionLength: 4 })).toEqual([1 / 4, 1 / 4]);
    expect(tokenWeights(m, { lossType: 'dr_grpo', maxCompletionLength: 4 })).toEqual([1 / 8, 1 / 8]);
    expect(tokenWeights(m, { lossType: 'dapo', maxCompletionLength: 4 })).toEqual([1 / 4, 1 / 4]);
    expect(tokenWeights(m, { lossType: 'dapo', maxCompletionLength: 4, numItemsInBatch: 10 })).toEqual([1 / 10, 1 / 10]);
  });
});

describe.each(LOSS_TYPES)('GRPO loss_type %s', (lossType) => {
  const hand = HAND[lossType];
  it('matches the hand-computed loss and gradient without KL (plain arrays and tfjs)', () => {
    const s = settings({ lossType });
    const plain = grpoLoss(logp, { mask, advantages }, s);
    expect(plain.loss).toBeCloseTo(hand.loss, 12);
    expectClose(plain.gradient, hand.grad, 12);
    const t = tfLossAndGrad(logp, { mask, advantages }, s);
    expect(t.loss).toBeCloseTo(hand.loss, 5);
    expectClose(t.grad, hand.grad, 5);
  });
  it('matches the hand-computed loss and gradient with the k3 KL term (β = 0.1)', () => {
    const s = settings({ lossType, beta: 0.1 });
    const plain = grpoLoss(logp, { mask, advantages, refLogp }, s);
    expect(plain.loss).toBeCloseTo(hand.lossKl, 12);
    expectClose(plain.gradient, hand.gradKl, 12);
    expect(plain.klMean).toBeCloseTo(KL, 12);
    const t = tfLossAndGrad(logp, { mask, advantages, refLogp }, s);
    expect(t.loss).toBeCloseTo(hand.lossKl, 5);
    expectClose(t.grad, hand.gradKl, 5);
  });
});

describe('GRPO ratio clipping', () => {
  // One token; logπ − logπ_old = ln r.
  const one = (r: number, a: number, s = settings()) => {
    const lp = [[-1]];
    const batch = { mask: [[1]], advantages: [a], oldLogp: [[-1 - Math.log(r)]] };
    return { plain: grpoLoss(lp, batch, s), tf: tfLossAndGrad(lp, batch, s) };
  };
  it('ratio 1.5, A = 2: the clipped term (1.2·2) is the min → loss −2.4, gradient 0', () => {
    const { plain, tf: t } = one(1.5, 2);
    expect(plain.loss).toBeCloseTo(-2.4, 12);
    expect(plain.gradient[0][0]).toBe(0);
    expect(plain.clip).toEqual({ low: 0, high: 1, region: 1 });
    expect(t.loss).toBeCloseTo(-2.4, 5);
    expect(t.grad[0][0]).toBe(0);
  });
  it('ratio 1.5, A = −2: the unclipped term is the min → loss 3, gradient −A·r = 3', () => {
    const { plain, tf: t } = one(1.5, -2);
    expect(plain.loss).toBeCloseTo(3, 12);
    expect(plain.gradient[0][0]).toBeCloseTo(3, 12);
    expect(plain.clip.region).toBe(0);
    expect(t.grad[0][0]).toBeCloseTo(3, 5);
  });
  it('ratio 0.5, A = −2: clipped at 0.8 → loss 1.6, gradient 0; A = 2 → loss −1, gradient −1', () => {
    const neg = one(0.5, -2);
    expect(neg.plain.loss).toBeCloseTo(1.6, 12);
    expect(neg.plain.gradient[0][0]).toBe(0);
    expect(neg.plain.clip.low).toBe(1);
    expect(neg.tf.grad[0][0]).toBe(0);
    const pos = one(0.5, 2);
    expect(pos.plain.loss).toBeCloseTo(-1, 12);
    expect(pos.plain.gradient[0][0]).toBeCloseTo(-1, 12);
    expect(pos.tf.grad[0][0]).toBeCloseTo(-1, 5);
  });
  it('ε_high widens the upper bound only: ratio 1.25, A = 2 passes at ε_high = 0.28', () => {
    const s = settings({ epsilonHigh: 0.28, numIterations: 2 });
    const { plain, tf: t } = one(1.25, 2, s);
    expect(plain.loss).toBeCloseTo(-2.5, 12);
    expect(plain.gradient[0][0]).toBeCloseTo(-2.5, 12);
    expect(t.grad[0][0]).toBeCloseTo(-2.5, 5);
    expect(one(1.25, 2).plain.gradient[0][0]).toBe(0);
  });
  it('A = 0 gives no gradient; padding gets none either', () => {
    const r = grpoLoss([[-1, -2]], { mask: [[1, 0]], advantages: [0] }, settings());
    expect(r.loss).toBeCloseTo(0, 12);
    expect(r.gradient).toEqual([[-0, 0]]);
  });
});

describe('GRPO inputs', () => {
  it('names the mismatched tensor', () => {
    expect(() => grpoLoss(logp, { mask: [[1]], advantages }, settings())).toThrow(/mask must have the policy log-probs' shape \[2\]\[3\]/);
    expect(() => grpoLoss(logp, { mask, advantages: [1] }, settings())).toThrow(/advantages has 1 entries/);
    expect(() => grpoLoss(logp, { mask, advantages }, settings({ beta: 0.1 }))).toThrow(/refLogp/);
    expect(() => grpoLoss(logp, { mask, advantages }, settings({ numIterations: 2 }))).toThrow(/oldLogp/);
    const x = tf.tensor2d(logp);
    expect(() => grpoLossTf(x, { mask: tf.tensor2d([[1]]), advantages: tf.tensor1d(advantages) }, settings())).toThrow(GrpoInputError);
    x.dispose();
  });
  it('num_iterations > 1 with old log-probs: the ratio departs from 1 and the gradient follows it', () => {
    const oldLogp = logp.map((row) => row.map((v) => v - 0.1)); // ratio e^0.1 ≈ 1.105, inside [0.8, 1.2]
    const s = settings({ lossType: 'bnpo', numIterations: 2 });
    const r = grpoLoss(logp, { mask, advantages, oldLogp }, s);
    const e = Math.exp(0.1);
    expect(r.gradient[0][0]).toBeCloseTo((-1 * e) / 5, 12);
    expect(r.gradient[1][2]).toBeCloseTo((0.5 * e) / 5, 12);
    const t = tfLossAndGrad(logp, { mask, advantages, oldLogp }, s);
    expectClose(t.grad, r.gradient, 5);
  });
  it('does not leak tensors', () => {
    const before = tf.memory().numTensors;
    tfLossAndGrad(logp, { mask, advantages, refLogp }, settings({ beta: 0.1 }));
    expect(tf.memory().numTensors).toBe(before);
  });
});

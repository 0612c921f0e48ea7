// The GRPO per-token objective (METHOD.md "Optimization"), twice: on plain arrays with its exact
// gradient (for tests and explanation) and as a tfjs function of the policy log-probs (for training).

import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; the loss must be differentiable wherever it is imported.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { LossType } from './config';
import { GrpoInputError } from './errors';

/** What the loss needs besides the policy's log-probs, as plain arrays. Shapes: [B][T] and [B]. */
export interface GrpoBatch {
  /** log π_old per completion token [B][T]; omit when num_iterations = 1 (then π_old = π_θ, detached). */
  oldLogp?: readonly (readonly number[])[];
  /** log π_ref per completion token [B][T] (the frozen base, adapters off); needed when beta > 0. */
  refLogp?: readonly (readonly number[])[];
  /** 1 for the agent's completion tokens, 0 for padding [B][T]. */
  mask: readonly (readonly number[])[];
  /** One advantage per sequence [B]. */
  advantages: readonly number[];
}

export interface GrpoSettings {
  /** KL coefficient β (TRL `beta`). */
  beta: number;
  /** Lower clip: ratio ≥ 1 − epsilonLow (TRL `epsilon`). */
  epsilonLow: number;
  /** Upper clip: ratio ≤ 1 + epsilonHigh (TRL `epsilon_high`, or epsilon). */
  epsilonHigh: number;
  lossType: LossType;
  /** The dr_grpo normalizer's L (TRL `max_completion_length`). */
  maxCompletionLength: number;
  /** μ (TRL `num_iterations`); when > 1 the old log-probs must be given. */
  numIterations: number;
  /** dapo's normalizer: active tokens in the whole generation batch (all micro-batches); default: this batch's. */
  numItemsInBatch?: number;
}

export interface GrpoResult {
  loss: number;
  /** ∂loss/∂logπ_θ per token [B][T] (0 on padding). */
  gradient: number[][];
  /** The unaggregated per-token loss [B][T] (0 on padding). */
  perToken: number[][];
  /** Mean k3 KL over active tokens (0 when beta = 0 or no ref given). */
  klMean: number;
  /** Share of active tokens clipped below (ratio < 1 − ε_low and A < 0), above (ratio > 1 + ε_high and A > 0), either. */
  clip: { low: number; high: number; region: number };
}

function checkShapes(b: number, t: number, batch: GrpoBatch, s: GrpoSettings): void {
  const same = (name: string, x: readonly (readonly number[])[] | undefined) => {
    if (x === undefined) return;
    if (x.length !== b || x.some((row) => row.length !== t)) {
      throw new GrpoInputError(`${name} must have the policy log-probs' shape [${b}][${t}]; check how it was padded.`, { tensor: name });
    }
  };
  same('mask', batch.mask);
  same('oldLogp', batch.oldLogp);
  same('refLogp', batch.refLogp);
  if (batch.mask === undefined) throw new GrpoInputError('mask is required: 1 for completion tokens, 0 for padding.', { tensor: 'mask' });
  if (batch.advantages.length !== b) {
    throw new GrpoInputError(`advantages has ${batch.advantages.length} entries for ${b} sequences; give one per sequence.`, { tensor: 'advantages' });
  }
  if (s.beta !== 0 && batch.refLogp === undefined) {
    throw new GrpoInputError('beta > 0 needs refLogp (log-probs of the frozen base with adapters off); pass it or set beta to 0.', { tensor: 'refLogp' });
  }
  if (s.numIterations > 1 && batch.oldLogp === undefined) {
    throw new GrpoInputError('num_iterations > 1 needs oldLogp from generation time; keep them from the rollout.', { tensor: 'oldLogp' });
  }
}

/**
 * The weight each active token's loss gets in the aggregate, per loss_type (TRL):
 * grpo: 1/(B·n_b) (mean per sequence, then over sequences); bnpo: 1/N (N active tokens in the batch);
 * dr_grpo: 1/(B·L) (L = max_completion_length); dapo: 1/numItemsInBatch (default N).
 * Example: B = 2, lengths 1 and 3, L = 4: grpo 1/2 and 1/6; bnpo 1/4; dr_grpo 1/8; dapo 1/4.
 */
export function tokenWeights(mask: readonly (readonly number[])[], s: Pick<GrpoSettings, 'lossType' | 'maxCompletionLength' | 'numItemsInBatch'>): number[] {
  const b = mask.length;
  const lengths = mask.map((row) => row.reduce((x, m) => x + m, 0));
  const n = lengths.reduce((x, l) => x + l, 0);
  switch (s.lossType) {
    case 'grpo':
      return lengths.map((l) => 1 / (b * Math.max(1, l)));
    case 'bnpo':
      return lengths.map(() => 1 / Math.max(1, n));
    case 'dr_grpo':
      return lengths.map(() => 1 / (b * s.maxCompletionLength));
    case 'dapo':
      return lengths.map(() => 1 / Math.max(1, s.numItemsInBatch ?? n));
    default: {
      const never: never = s.lossType;
      throw new GrpoInputError(`Unknown loss_type ${JSON.stringify(never)}.`, { tensor: 'loss_type' });
    }
  }
}

/**
 * Per token: ratio = exp(logπ − logπ_old); loss = −min(ratio·A, clip(ratio, 1−ε_low, 1+ε_high)·A)
 * + β·(exp(ref − logπ) − (ref − logπ) − 1); aggregated by {@link tokenWeights}.
 * Gradient per token: −A·ratio where the unclipped term is the minimum (always inside the clip
 * range), 0 where the clipped term is (the ratio left the range in the direction A rewards), plus
 * β·(1 − exp(ref − logπ)); times the token's weight.
 * Example (grpo, one token, logπ = logπ_old, A = 2, β = 0): ratio 1, loss −2, gradient −2.
 * With logπ − logπ_old = ln 1.5 and ε = 0.2: clip → 1.2, A = 2: loss −2.4, gradient 0; A = −2:
 * min(−3, −2.4) = −3, loss 3, gradient 3.
 */
export function grpoLoss(logp: readonly (readonly number[])[], batch: GrpoBatch, s: GrpoSettings): GrpoResult {
  const b = logp.length;
  const t = b === 0 ? 0 : logp[0].length;
  if (logp.some((row) => row.length !== t)) throw new GrpoInputError('logp rows differ in length; pad to [B][T] and mask the padding.', { tensor: 'logp' });
  checkShapes(b, t, batch, s);
  const w = tokenWeights(batch.mask, s);
  const lo = 1 - s.epsilonLow;
  const hi = 1 + s.epsilonHigh;
  let loss = 0;
  let klSum = 0;
  let active = 0;
  let low = 0;
  let high = 0;
  const perToken: number[][] = [];
  const gradient: number[][] = [];
  for (let i = 0; i < b; i++) {
    const a = batch.advantages[i];
    const lossRow: number[] = [];
    const gradRow: number[] = [];
    for (let j = 0; j < t; j++) {
      const m = batch.mask[i][j];
      if (m === 0) {
        lossRow.push(0);
        gradRow.push(0);
        continue;
      }
      const lp = logp[i][j];
      const ratio = Math.exp(lp - (batch.oldLogp?.[i][j] ?? lp));
      const clipped = Math.min(hi, Math.max(lo, ratio));
      const unclippedIsMin = ratio * a <= clipped * a;
      let tokenLoss = -Math.min(ratio * a, clipped * a);
      let tokenGrad = unclippedIsMin ? -a * ratio : 0;
      if (s.beta !== 0 && batch.refLogp) {
        const d = batch.refLogp[i][j] - lp;
        const kl = Math.exp(d) - d - 1;
        tokenLoss += s.beta * kl;
        tokenGrad += s.beta * (1 - Math.exp(d));
        klSum += kl;
      }
      active += 1;
      if (ratio < lo && a < 0) low += 1;
      if (ratio > hi && a > 0) high += 1;
      loss += m * w[i] * tokenLoss;
      lossRow.push(m * tokenLoss);
      gradRow.push(m * w[i] * tokenGrad);
    }
    perToken.push(lossRow);
    gradient.push(gradRow);
  }
  const share = (x: number) => (active === 0 ? 0 : x / active);
  return { loss, gradient, perToken, klMean: share(klSum), clip: { low: share(low), high: share(high), region: share(low + high) } };
}

/** The loss inputs as tensors: [B, T] for log-probs and mask, [B] for advantages. */
export interface GrpoTensors {
  oldLogp?: tf.Tensor2D;
  refLogp?: tf.Tensor2D;
  mask: tf.Tensor2D;
  advantages: tf.Tensor1D;
}

/** Identity forward, zero gradient: logπ_old = logπ_θ "detached" when num_iterations = 1. */
const stopGradient = tf.customGrad((...inputs) => ({
  value: (inputs[0] as tf.Tensor).clone(),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

/**
 * The same objective as {@link grpoLoss}, differentiable in `logp` ([B, T] policy log-probs of the
 * sampled tokens): use inside tf.variableGrads / tf.grad. Returns a scalar tensor.
 */
export function grpoLossTf(logp: tf.Tensor2D, batch: GrpoTensors, s: GrpoSettings): tf.Scalar {
  const [b, t] = logp.shape;
  const check = (name: string, x: tf.Tensor | undefined, shape: number[]) => {
    if (x !== undefined && (x.shape.length !== shape.length || x.shape.some((d, k) => d !== shape[k]))) {
      throw new GrpoInputError(`${name} has shape [${x.shape.join(', ')}], expected [${shape.join(', ')}].`, { tensor: name });
    }
  };
  check('mask', batch.mask, [b, t]);
  check('oldLogp', batch.oldLogp, [b, t]);
  check('refLogp', batch.refLogp, [b, t]);
  check('advantages', batch.advantages, [b]);
  if (s.beta !== 0 && batch.refLogp === undefined) {
    throw new GrpoInputError('beta > 0 needs refLogp (log-probs of the frozen base with adapters off); pass it or set beta to 0.', { tensor: 'refLogp' });
  }
  if (s.numIterations > 1 && batch.oldLogp === undefined) {
    throw new GrpoInputError('num_iterations > 1 needs oldLogp from generation time; keep them from the rollout.', { tensor: 'oldLogp' });
  }
  return tf.tidy(() => {
    const old = batch.oldLogp ?? (stopGradient(logp) as tf.Tensor2D);
    const ratio = tf.exp(tf.sub(logp, old)); // [B, T]
    const adv = tf.expandDims(batch.advantages, 1); // [B, 1]
    const unclipped = tf.mul(ratio, adv);
    const clipped = tf.mul(tf.clipByValue(ratio, 1 - s.epsilonLow, 1 + s.epsilonHigh), adv);
    let perToken: tf.Tensor2D = tf.neg(tf.minimum(unclipped, clipped)); // [B, T]
    if (s.beta !== 0 && batch.refLogp) {
      const d = tf.sub(batch.refLogp, logp);
      const kl = tf.sub(tf.sub(tf.exp(d), d), 1); // k3 estimator, [B, T]
      perToken = tf.add(perToken, tf.mul(kl, s.beta));
    }
    const masked = tf.mul(perToken, batch.mask); // [B, T]
    const lengths = tf.sum(batch.mask, 1); // [B]
    switch (s.lossType) {
      case 'grpo':
        return tf.mean(tf.div(tf.sum(masked, 1), tf.maximum(lengths, 1)));
      case 'bnpo':
        return tf.div(tf.sum(masked), tf.maximum(tf.sum(lengths), 1));
      case 'dr_grpo':
        return tf.div(tf.sum(masked), b * s.maxCompletionLength);
      case 'dapo':
        return s.numItemsInBatch === undefined
          ? tf.div(tf.sum(masked), tf.maximum(tf.sum(lengths), 1))
          : tf.div(tf.sum(masked), Math.max(1, s.numItemsInBatch));
      default: {
        const never: never = s.lossType;
        throw new GrpoInputError(`Unknown loss_type ${JSON.stringify(never)}.`, { tensor: 'loss_type' });
      }
    }
  });
}

// Gradient-norm clipping over one agent's LoRA gradients (torch's clip_grad_norm_): the global L2
// norm, a finite check, and the scaled gradients when the norm is over the limit.

import * as tf from '@tensorflow/tfjs-core';
import { sumTensors } from '../../model/webgpu/limits';

/**
 * √(Σ g²) over every gradient tensor; NaN or Infinity when any entry is. Example: [3], [4] → 5.
 * The per-tensor sums are added in chunks the device can bind (a LoRA on every projection of a
 * 2-layer model has 28 gradients; WebGPU's AddN binds each input, and the default limit is 8).
 */
export async function globalNorm(grads: Readonly<Record<string, tf.Tensor>>): Promise<number> {
  const parts = Object.values(grads);
  if (parts.length === 0) return 0;
  const sq = tf.tidy(() => sumTensors(parts.map((g) => tf.sum(tf.square(g))))); // scalar
  const [total] = await sq.data();
  sq.dispose();
  return Math.sqrt(total);
}

/**
 * Scale every gradient by min(1, maxNorm / (norm + 1e-6)) as torch does; maxNorm ≤ 0 or Infinity
 * turns clipping off. Returns new tensors (the caller disposes both sets).
 * Example: norm 10, maxNorm 1 → every gradient × ≈0.1.
 */
export function clipByGlobalNorm(grads: Readonly<Record<string, tf.Tensor>>, norm: number, maxNorm: number): Record<string, tf.Tensor> {
  const coef = maxNorm > 0 && Number.isFinite(maxNorm) ? Math.min(1, maxNorm / (norm + 1e-6)) : 1;
  const out: Record<string, tf.Tensor> = {};
  for (const [name, g] of Object.entries(grads)) out[name] = coef === 1 ? g.clone() : tf.mul(g, coef);
  return out;
}

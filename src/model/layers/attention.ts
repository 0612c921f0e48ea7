// Grouped-query self-attention with rotary embeddings, optional Qwen3 q/k norms, an additive mask,
// and past K/V from the cache. Each group of numHeads/numKvHeads query heads shares one K/V head.

import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config';
import type { LayerWeights } from '../weights';
import { decodeAttention } from '../fused/decodeAttention';
import { fusedAvailable } from '../fused/norms';
import { fusedRope } from '../fused/rope';
import { linear, type LoraPair } from './linear';
import { rmsNorm } from './rmsnorm';
import type { RopeTables } from './rope';

export interface AttentionLora {
  q?: LoraPair;
  k?: LoraPair;
  v?: LoraPair;
  o?: LoraPair;
}

export interface AttentionResult {
  /** [B·T, H] */
  out: tf.Tensor2D;
  /** [B, kvH, S, D] including past slots. */
  k: tf.Tensor4D;
  v: tf.Tensor4D;
}

/** [B·T, heads·D] → [B, heads, T, D] */
function splitHeads(x: tf.Tensor2D, b: number, t: number, heads: number, d: number): tf.Tensor4D {
  return tf.transpose(tf.reshape(x, [b, t, heads, d]), [0, 2, 1, 3]); // [B, heads, T, D]
}

/**
 * x: [B·T, H]; mask: additive [B, 1, 1, T, S] (0 where allowed, a large negative where not),
 * S = past slots + T, or the capacity of preallocated past buffers (`past.write` stores the new K/V
 * in place; attention then runs over every slot, the unfilled ones masked).
 */
export function attention(
  x: tf.Tensor2D,
  b: number,
  t: number,
  w: LayerWeights,
  cfg: ModelConfig,
  rope: RopeTables,
  mask: tf.Tensor,
  past?: { k: tf.Tensor4D; v: tf.Tensor4D; write?: (k: tf.Tensor4D, v: tf.Tensor4D) => void },
  lora: AttentionLora = {},
): AttentionResult {
  const { numHeads, numKvHeads, headDim: d } = cfg;
  const group = numHeads / numKvHeads;
  let q = splitHeads(linear(x, w.q, lora.q), b, t, numHeads, d); // [B, Hq, T, D]
  let k = splitHeads(linear(x, w.k, lora.k), b, t, numKvHeads, d); // [B, kvH, T, D]
  const vNew = splitHeads(linear(x, w.v, lora.v), b, t, numKvHeads, d); // [B, kvH, T, D]
  if (w.qNorm && w.kNorm) {
    q = rmsNorm(q, w.qNorm, cfg.rmsNormEps);
    k = rmsNorm(k, w.kNorm, cfg.rmsNormEps);
  }
  // Fused RoPE on every backend: on cpu/wasm its host loop rounds exactly as the six tfjs ops do (and
  // measured ~1.8× faster on wasm); decode attention is fused on WebGPU only (its host loop is slower there).
  [q, k] = fusedRope(q, k, rope);
  past?.write?.(k, vNew);
  if (fusedAvailable() && past?.write && t === 1) {
    // One query token per sequence against the whole preallocated cache: one dispatch for the step.
    const ctx = decodeAttention(q, past.k, past.v, tf.reshape(mask, [b, past.k.shape[2]]), 1 / Math.sqrt(d)); // [B, Hq·D]
    return { out: linear(ctx, w.o, lora.o), k: past.k, v: past.v };
  }
  const grow = past && !past.write;
  const kAll = past ? (grow ? tf.concat<tf.Tensor4D>([past.k, k], 2) : past.k) : k; // [B, kvH, S, D]
  const vAll = past ? (grow ? tf.concat<tf.Tensor4D>([past.v, vNew], 2) : past.v) : vNew; // [B, kvH, S, D]
  const s = kAll.shape[2];
  const qg = tf.reshape(q, [b, numKvHeads, group * t, d]); // [B, kvH, g·T, D]
  // In-place buffers only ever enter a matmul as its first operand: tfjs-wasm caches XNNPACK's packed
  // copy of the second operand by tensor id, which would go stale when the buffer is written in place.
  const inPlace = past?.write !== undefined;
  const qk = inPlace ? tf.transpose(tf.matMul(kAll, qg, false, true), [0, 1, 3, 2]) : tf.matMul(qg, kAll, false, true); // [B, kvH, g·T, S]
  const scores = tf.mul(qk, 1 / Math.sqrt(d)); // [B, kvH, g·T, S]
  const masked = tf.add(tf.reshape(scores, [b, numKvHeads, group, t, s]), mask); // [B, kvH, g, T, S]
  const probs = tf.reshape<tf.Rank.R4>(tf.softmax(masked, -1), [b, numKvHeads, group * t, s]); // [B, kvH, g·T, S]
  const pv = inPlace ? tf.transpose(tf.matMul(vAll, probs, true, true), [0, 1, 3, 2]) : tf.matMul(probs, vAll); // [B, kvH, g·T, D]
  const ctx = tf.reshape(pv, [b, numHeads, t, d]); // [B, Hq, T, D]
  const merged = tf.reshape<tf.Rank.R2>(tf.transpose(ctx, [0, 2, 1, 3]), [b * t, numHeads * d]); // [B·T, Hq·D]
  return { out: linear(merged, w.o, lora.o), k: kAll, v: vAll };
}

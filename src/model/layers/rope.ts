// Rotary position embeddings (HF rotate_half convention), with Llama 3 frequency rescaling.
// Tables are computed on the host in float64 per (sequence, position), then uploaded once per call.

import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config';

/** Inverse frequencies θ^(-2i/D), i < D/2, rescaled per rope_scaling llama3 when configured. */
export function inverseFrequencies(cfg: ModelConfig): Float64Array {
  const half = cfg.headDim / 2;
  const inv = new Float64Array(half);
  for (let i = 0; i < half; i++) inv[i] = 1 / cfg.ropeTheta ** ((2 * i) / cfg.headDim);
  const rs = cfg.ropeScaling;
  if (!rs) return inv;
  const lowWavelen = rs.originalMaxPositionEmbeddings / rs.lowFreqFactor;
  const highWavelen = rs.originalMaxPositionEmbeddings / rs.highFreqFactor;
  for (let i = 0; i < half; i++) {
    const f = inv[i] ?? 0;
    const wavelen = (2 * Math.PI) / f;
    if (wavelen > lowWavelen) inv[i] = f / rs.factor;
    else if (wavelen >= highWavelen) {
      const smooth = (rs.originalMaxPositionEmbeddings / wavelen - rs.lowFreqFactor) / (rs.highFreqFactor - rs.lowFreqFactor);
      inv[i] = (1 - smooth) * (f / rs.factor) + smooth * f;
    }
  }
  return inv;
}

export interface RopeTables {
  /** [B, 1, T, D] */
  cos: tf.Tensor4D;
  /** [B, 1, T, D] */
  sin: tf.Tensor4D;
}

/** cos/sin for integer positions [B][T]; each half of D repeats the D/2 frequencies. */
export function ropeTables(invFreq: Float64Array, positions: number[][]): RopeTables {
  const b = positions.length;
  const t = positions[0]?.length ?? 0;
  const half = invFreq.length;
  const d = half * 2;
  const cos = new Float32Array(b * t * d);
  const sin = new Float32Array(b * t * d);
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < t; j++) {
      const pos = positions[i]?.[j] ?? 0;
      const base = (i * t + j) * d;
      for (let k = 0; k < half; k++) {
        const angle = pos * (invFreq[k] ?? 0);
        const c = Math.cos(angle);
        const s = Math.sin(angle);
        cos[base + k] = c;
        cos[base + half + k] = c;
        sin[base + k] = s;
        sin[base + half + k] = s;
      }
    }
  }
  return { cos: tf.tensor4d(cos, [b, 1, t, d]), sin: tf.tensor4d(sin, [b, 1, t, d]) };
}

/** x·cos + rotate_half(x)·sin, rotate_half(x) = [-x₂, x₁]; x is [B, H, T, D]. */
export function applyRope(x: tf.Tensor4D, rope: RopeTables): tf.Tensor4D {
  return tf.tidy(() => {
    const half = x.shape[3] / 2;
    const [x1, x2] = tf.split(x, [half, half], 3); // [B, H, T, D/2] each
    const rotated = tf.concat([tf.neg(x2), x1], 3); // [B, H, T, D]
    return tf.add(tf.mul(x, rope.cos), tf.mul(rotated, rope.sin));
  });
}

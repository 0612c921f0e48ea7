// log p(next token) from hidden states in time chunks: the LM head, log-softmax and gather run on
// [B, chunk, V] at a time, forward and backward, so [B, T, V] never exists for a large vocabulary.

import * as tf from '@tensorflow/tfjs-core';
import { matMulT } from './layers/matmulT';
import { quantMatMul, quantMatMulT, type QuantizedMatrix } from './quant/kernels';

export interface ChunkedLogprobOptions {
  /** Positions per chunk (default 32). */
  chunk?: number;
  /** Logits are divided by it before the softmax (default 1), as TRL does for GRPO. */
  temperature?: number;
}

/**
 * hidden [B, T, H], head [V, H] float32 or quantized (treated as a constant: LoRA never targets it), targets [B][T] ids.
 * Returns [B, T]: log softmax(hidden·headᵀ / temperature)[target]. Differentiable w.r.t. hidden;
 * the gradient recomputes each chunk's softmax instead of keeping it.
 */
export function chunkedTokenLogprobs(
  hidden: tf.Tensor3D,
  head: tf.Tensor2D | QuantizedMatrix,
  targets: number[][],
  opts: ChunkedLogprobOptions = {},
): tf.Tensor2D {
  const [b, t, h] = hidden.shape;
  const quant = head instanceof tf.Tensor ? undefined : head;
  const v = quant ? quant.outFeatures : (head as tf.Tensor2D).shape[0];
  const times = (x: tf.Tensor2D) => (quant ? quantMatMul(x, quant) : matMulT(x, head as tf.Tensor2D)); // [N, V]
  const timesT = (dz: tf.Tensor2D) => (quant ? quantMatMulT(dz, quant) : tf.matMul(dz, head as tf.Tensor2D)); // [N, H]
  const chunk = Math.max(1, opts.chunk ?? 32);
  const invTemp = 1 / (opts.temperature ?? 1);
  const spans: [number, number][] = [];
  for (let s = 0; s < t; s += chunk) spans.push([s, Math.min(t, s + chunk)]);
  const oneHot = (s: number, e: number) =>
    tf.oneHot(tf.tensor1d(targets.flatMap((row) => row.slice(s, e)), 'int32'), v); // [B·c, V]
  const logits = (hs: tf.Tensor3D, s: number, e: number) =>
    tf.mul(times(tf.reshape(tf.slice(hs, [0, s, 0], [b, e - s, h]), [b * (e - s), h])), invTemp); // [B·c, V]

  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const hs = inputs[0] as tf.Tensor3D;
    const save = inputs[1] as tf.GradSaveFunc;
    save([hs]);
    const parts = spans.map(([s, e]) =>
      tf.tidy(() => {
        const z = logits(hs, s, e); // [B·c, V]
        const picked = tf.sum(tf.mul(z, oneHot(s, e)), 1); // [B·c]
        return tf.reshape(tf.sub(picked, tf.logSumExp(z, 1)), [b, e - s]); // [B, c]
      }),
    );
    const value = parts.length === 1 ? (parts[0] as tf.Tensor2D) : tf.concat(parts, 1);
    if (parts.length > 1) tf.dispose(parts);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const hsSaved = saved[0] as tf.Tensor3D;
        const grads = spans.map(([s, e]) =>
          tf.tidy(() => {
            const z = logits(hsSaved, s, e); // [B·c, V]
            const g = tf.reshape(tf.slice(dy, [0, s], [b, e - s]), [b * (e - s), 1]); // [B·c, 1]
            const dz = tf.mul<tf.Tensor2D>(tf.sub(oneHot(s, e), tf.softmax(z, 1)), tf.mul(g, invTemp)); // [B·c, V]
            return tf.reshape(timesT(dz), [b, e - s, h]); // [B, c, H]
          }),
        );
        const dx = grads.length === 1 ? grads[0] : tf.concat(grads, 1); // [B, T, H]
        if (grads.length > 1) tf.dispose(grads);
        return [dx];
      },
    };
  });
  return op(hidden) as tf.Tensor2D;
}

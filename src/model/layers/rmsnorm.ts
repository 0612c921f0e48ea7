// RMSNorm over the last axis: x / sqrt(mean(x²) + eps) · weight (Llama/Qwen; no mean subtraction).
// Works on any rank; used per token ([B, T, H]) and per head ([B, Hd, T, D]). One fused dispatch on WebGPU.

import * as tf from '@tensorflow/tfjs-core';
import { fusedAvailable, fusedRmsNorm } from '../fused/norms';

export function rmsNorm<T extends tf.Tensor>(x: T, weight: tf.Tensor1D, eps: number): T {
  if (fusedAvailable()) return fusedRmsNorm(x, weight, eps);
  return tf.tidy(() => {
    const variance = tf.mean(tf.square(x), -1, true);
    return tf.mul<T>(tf.mul(x, tf.rsqrt(tf.add(variance, eps))), weight);
  });
}

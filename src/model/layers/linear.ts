// A linear projection y = x·Wᵀ + b, plus an optional LoRA term (alpha/r)·(x·Aᵀ)·Bᵀ.
// x is [N, in]; W is HF's [out, in] (or packed int8/int4, multiplied by the quantized kernel); LoRA A is [r, in], B is [out, r] (PEFT layout).

import * as tf from '@tensorflow/tfjs-core';
import { quantMatMul } from '../quant/kernels';
import { matMulT } from './matmulT';
import type { LinearWeights } from '../weights';

export interface LoraPair {
  /** [r, in] */
  a: tf.Tensor2D;
  /** [out, r] */
  b: tf.Tensor2D;
  /** alpha / r */
  scale: number;
}

export function linear(x: tf.Tensor2D, lin: LinearWeights, lora?: LoraPair): tf.Tensor2D {
  return tf.tidy(() => {
    let y: tf.Tensor2D = lin.quant ? quantMatMul(x, lin.quant) : matMulT(x, lin.w); // [N, out]
    if (lin.b) y = tf.add<tf.Tensor2D>(y, lin.b);
    if (lora) {
      const down = matMulT(x, lora.a); // [N, r]
      y = tf.add<tf.Tensor2D>(y, tf.mul(matMulT(down, lora.b), lora.scale)); // [N, out]
    }
    return y;
  });
}

// x·Wᵀ for a weight stored [out, in]. tfjs-wasm's matMul with transposeB is ~10× slower than an explicit
// transpose followed by a plain matMul (measured: 750 ms vs 70 ms for [512, 576]·[1536, 576]ᵀ), so on
// wasm, for many rows, the product and its gradients (dx = dy·W, dW = dyᵀ·x) use plain matMuls only.

import * as tf from '@tensorflow/tfjs-core';

const wasmMatMulT = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor2D;
  const w = args[1] as tf.Tensor2D;
  const save = args[2] as tf.GradSaveFunc;
  save([x, w]);
  const wT = tf.transpose(w);
  const value = tf.matMul(x, wT);
  wT.dispose();
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy, ws), tf.matMul(tf.transpose(dy as tf.Tensor2D), xs)];
    },
  };
});

/** Below this many rows (decode steps) transposing the weight each call costs more than it saves. */
const MIN_ROWS = 32;

export function matMulT(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm' || x.shape[0] < MIN_ROWS) return tf.matMul(x, w, false, true);
  return wasmMatMulT(x, w) as tf.Tensor2D;
}

// x·Wᵀ for a weight stored [out, in]. tfjs-wasm's matMul with transposeB is ~10× slower than an explicit
// transpose followed by a plain matMul (measured: 750 ms vs 70 ms for [512, 576]·[1536, 576]ᵀ), so on
// wasm, for many rows, the product and its gradients (dx = dy·W, dW = dyᵀ·x) use plain matMuls only.

import * as tf from '@tensorflow/tfjs-core';

// Only x is saved for the backward: tfjs saves by cloning, and on wasm a clone copies, so saving the
// weight too kept a copy of every weight of the model on the tape (+513 MiB for SmolLM2-135M at any
// length). The weight is read from the closure instead: callers pass persistent tensors (the frozen
// base's weights, LoRA variables), which outlive the backward.
const wasmMatMulT = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor2D;
  const w = args[1] as tf.Tensor2D;
  const save = args[2] as tf.GradSaveFunc;
  save([x]);
  const wT = tf.transpose(w);
  const value = tf.matMul(x, wT);
  wT.dispose();
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs] = saved as [tf.Tensor2D];
      if (w.isDisposed) throw new Error('matMulT: the weight was disposed before the backward; pass a persistent tensor.');
      return [tf.matMul(dy, w), tf.matMul(tf.transpose(dy as tf.Tensor2D), xs)];
    },
  };
});

/** Below this many rows (decode steps) transposing the weight each call costs more than it saves. */
const MIN_ROWS = 32;

/** x·Wᵀ; `w` must outlive any backward through the result (a model weight or a LoRA variable). */
export function matMulT(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm' || x.shape[0] < MIN_ROWS) return tf.matMul(x, w, false, true);
  return wasmMatMulT(x, w) as tf.Tensor2D;
}

/**
 * Rows `ids` of a frozen table (the embedding). A plain tf.gather saves the whole table for its backward,
 * which on wasm is a copy (113 MiB for SmolLM2-135M); nothing trains the table or the ids, so this op
 * saves nothing and has no gradient to give (backprop never reaches it from LoRA variables).
 */
export const frozenGather = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const table = args[0] as tf.Tensor2D;
  const ids = args[1] as tf.Tensor1D;
  return {
    value: tf.gather(table, ids),
    gradFunc: () => {
      throw new Error('frozenGather: the embedding table is frozen; nothing may take its gradient.');
    },
  };
}) as (table: tf.Tensor2D, ids: tf.Tensor1D) => tf.Tensor2D;

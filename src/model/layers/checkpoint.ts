// Gradient checkpointing for one decoder layer: the forward keeps only the layer's input (and the
// constants it reads) for the backward, which runs the layer again under tf.grads. On wasm, where tfjs
// keeps a copy of every op input on the tape, this bounds a training step's tape to about one layer.

import * as tf from '@tensorflow/tfjs-core';
import type { LoraTarget } from '../lora';
import type { LoraPair } from './linear';

/** The layer as a function of its input, its LoRA pairs (looked up by target) and saved constants. */
export type LayerBody = (x: tf.Tensor2D, lora: (target: LoraTarget) => LoraPair | undefined, constants: tf.Tensor[]) => tf.Tensor2D;

/**
 * body(x, lora, constants) whose gradients with respect to x and every LoRA pair's a and b equal the
 * plain layer's, computed by recomputing the layer in the backward. `constants` (RoPE tables, the mask)
 * take no gradient; they are saved because the caller's tidy disposes them before the backward runs.
 */
export function recomputedLayer(x: tf.Tensor2D, pairs: readonly { target: LoraTarget; pair: LoraPair }[], constants: tf.Tensor[], body: LayerBody): tf.Tensor2D {
  const variables = pairs.flatMap(({ pair }) => [pair.a, pair.b]);
  const lookupFrom = (ab: readonly tf.Tensor[]) => (target: LoraTarget): LoraPair | undefined => {
    const i = pairs.findIndex((p) => p.target === target);
    const pair = pairs[i];
    return pair ? { a: ab[2 * i] as tf.Tensor2D, b: ab[2 * i + 1] as tf.Tensor2D, scale: pair.pair.scale } : undefined;
  };
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const inputs = args.slice(0, -1) as tf.Tensor[];
    const [xIn, ...ab] = inputs as [tf.Tensor2D, ...tf.Tensor[]];
    save([xIn, ...constants]);
    return {
      value: body(xIn, lookupFrom(ab), constants),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ...kept] = saved as [tf.Tensor2D, ...tf.Tensor[]];
        const again = (xx: tf.Tensor, ...abs: tf.Tensor[]) => body(xx as tf.Tensor2D, lookupFrom(abs), kept);
        // tfjs runs this during the outer backprop, whose tape it still holds: a nested tf.grads starts
        // its own tape in the same slot and clears it when done, so the outer one is put back after.
        const state = (tf.engine() as unknown as { state: { activeTape: unknown } }).state;
        const outer = state.activeTape;
        try {
          return tf.grads(again)([xs, ...variables], dy);
        } finally {
          state.activeTape = outer;
        }
      },
    };
  });
  return op(x, ...variables);
}

// The SwiGLU feed-forward block: down(silu(gate(x)) · up(x)).
// x is [N, H]; LoRA pairs are optional per projection. The activation is one fused dispatch on WebGPU.

import * as tf from '@tensorflow/tfjs-core';
import { fusedAvailable, fusedSwiGlu } from '../fused/norms';
import type { LayerWeights } from '../weights';
import { linear, type LoraPair } from './linear';

export interface MlpLora {
  gate?: LoraPair;
  up?: LoraPair;
  down?: LoraPair;
}

export function swiGluMlp(x: tf.Tensor2D, w: LayerWeights, lora: MlpLora = {}): tf.Tensor2D {
  return tf.tidy(() => {
    const gate = linear(x, w.gate, lora.gate); // [N, M]
    const up = linear(x, w.up, lora.up); // [N, M]
    const act = fusedAvailable() ? fusedSwiGlu(gate, up) : tf.mul<tf.Tensor2D>(tf.mul(gate, tf.sigmoid(gate)), up); // silu(gate)·up, [N, M]
    return linear(act, w.down, lora.down); // [N, H]
  });
}

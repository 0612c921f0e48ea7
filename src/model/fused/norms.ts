// Fused RMSNorm and SwiGLU activation on WebGPU: one WGSL dispatch each instead of ~6 and 3 tfjs ops,
// registered as kernels; gradients (x, weight, gate, up) come from tf.customGrad with plain tfjs ops.

import * as tf from '@tensorflow/tfjs-core';
import { registerKernelBodies, type WebGpuBackend } from '../kernelBackends';

export const FUSED_RMSNORM = 'ComamFusedRmsNorm';
export const FUSED_SWIGLU = 'ComamFusedSwiGlu';

/** One invocation per row; the row count comes from the outShape uniform, so the pipeline is reused across batch sizes. */
function rmsNormProgram(rows: number, h: number, eps: number) {
  return {
    outputShape: [rows, h],
    shaderKey: `comam_rmsnorm_${h}_${eps}`,
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(rows / 64), 1, 1] as [number, number, number],
    variableNames: ['xIn', 'wIn'],
    workgroupSize: [64, 1, 1] as [number, number, number],
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.outShape[0]) {
          let base = index * ${h};
          var sum = 0.0;
          for (var i = 0; i < ${h}; i++) {
            let v = xIn[base + i];
            sum = sum + v * v;
          }
          let r = inverseSqrt(sum / ${h}.0 + ${eps.toExponential()});
          for (var i = 0; i < ${h}; i++) {
            setOutputAtIndex(base + i, xIn[base + i] * r * wIn[i]);
          }
        }
      }`,
  };
}

function swiGluProgram(shape: number[]) {
  const size = shape.reduce((a, b) => a * b, 1);
  return {
    outputShape: shape,
    shaderKey: 'comam_swiglu',
    dispatchLayout: { x: shape.map((_, i) => i) },
    dispatch: [Math.ceil(size / 64), 1, 1] as [number, number, number],
    variableNames: ['gateIn', 'upIn'],
    workgroupSize: [64, 1, 1] as [number, number, number],
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let g = gateIn[index];
          setOutputAtIndex(index, g / (1.0 + exp(-g)) * upIn[index]);
        }
      }`,
  };
}

registerKernelBodies(FUSED_RMSNORM, {
  webgpu: (inputs, be: WebGpuBackend, attrs) => {
    const { x, w } = inputs as { x: tf.TensorInfo; w: tf.TensorInfo };
    const [rows = 0, h = 0] = x.shape;
    return be.runWebGPUProgram(rmsNormProgram(rows, h, (attrs as { eps: number }).eps), [x, w], 'float32');
  },
});
registerKernelBodies(FUSED_SWIGLU, {
  webgpu: (inputs, be: WebGpuBackend) => {
    const { gate, up } = inputs as { gate: tf.TensorInfo; up: tf.TensorInfo };
    return be.runWebGPUProgram(swiGluProgram(gate.shape), [gate, up], 'float32');
  },
});

/** Whether the fused kernels run here (WebGPU only: elsewhere the per-op path has no dispatch cost to save). */
export function fusedAvailable(): boolean {
  return tf.getBackend() === 'webgpu';
}

/** x [..., H] normalized by its RMS and scaled by weight [H], in one dispatch; differentiable in x and weight. */
export function fusedRmsNorm<T extends tf.Tensor>(x: T, weight: tf.Tensor1D, eps: number): T {
  const h = weight.shape[0];
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xs = args[0] as tf.Tensor;
    const w = args[1] as tf.Tensor1D;
    const save = args[2] as tf.GradSaveFunc;
    save([xs, w]);
    const rows = tf.reshape(xs, [-1, h]);
    const y = tf.engine().runKernel<tf.Tensor>(FUSED_RMSNORM, { x: rows, w }, { eps });
    const value = tf.reshape(y, xs.shape);
    tf.dispose([rows, y]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xSaved, wSaved] = saved as [tf.Tensor, tf.Tensor1D];
        const x2 = tf.reshape(xSaved, [-1, h]);
        const g = tf.reshape(dy, [-1, h]);
        const r = tf.rsqrt(tf.add(tf.mean(tf.square(x2), -1, true), eps)); // [N, 1]
        const xhat = tf.mul(x2, r); // [N, H]
        const dxhat = tf.mul(g, wSaved); // [N, H]
        const dx = tf.mul(r, tf.sub(dxhat, tf.mul(xhat, tf.mean(tf.mul(dxhat, xhat), -1, true))));
        return [tf.reshape(dx, xSaved.shape), tf.sum(tf.mul(g, xhat), 0)];
      },
    };
  });
  return op(x, weight) as T;
}

/** silu(gate)·up in one dispatch; differentiable in both. */
export function fusedSwiGlu(gate: tf.Tensor2D, up: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const g = args[0] as tf.Tensor2D;
    const u = args[1] as tf.Tensor2D;
    const save = args[2] as tf.GradSaveFunc;
    save([g, u]);
    return {
      value: tf.engine().runKernel<tf.Tensor2D>(FUSED_SWIGLU, { gate: g, up: u }, {}),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [gs, us] = saved as [tf.Tensor2D, tf.Tensor2D];
        const s = tf.sigmoid(gs);
        const silu = tf.mul(gs, s);
        const dsilu = tf.add(s, tf.mul(silu, tf.sub(1, s)));
        return [tf.mul(tf.mul(dy, us), dsilu), tf.mul(dy, silu)];
      },
    };
  });
  return op(gate, up);
}

// Fused rotary embedding: one tfjs kernel rotates q and k (x·cos ± rotate_half(x)·sin) instead of six
// ops each, registered for webgpu (WGSL), wasm and cpu (host loops, float32 rounding per op as tfjs does).

import * as tf from '@tensorflow/tfjs-core';
import { registerKernelBodies, type CpuBackend, type WasmBackend, type WebGpuBackend } from '../kernelBackends';
import type { RopeTables } from '../layers/rope';

export const FUSED_ROPE = 'ComamFusedRope';

/** Kernel attrs: `inverse` rotates by −angle (the transpose of the rotation: the gradient). */
interface RopeAttrs {
  inverse: boolean;
  /** The shapes of q and k, for a zero gradient when one output is not used. */
  qShape: number[];
  kShape: number[];
}

const f = Math.fround;

/**
 * x [B, H, T, D], cos/sin [B, 1, T, D] → out [B, H, T, D]: fround(fround(x·c) ± fround(r·s)) with
 * r = rotate_half(x) = [−x₂, x₁]: the rounding tfjs's mul, mul, add/sub make on float32 tensors.
 */
export function hostRope(x: ArrayLike<number>, cos: ArrayLike<number>, sin: ArrayLike<number>, shape: number[], inverse: boolean, out: Float32Array): void {
  const [b = 0, h = 0, t = 0, d = 0] = shape;
  const half = d / 2;
  for (let bi = 0; bi < b; bi++) {
    for (let hi = 0; hi < h; hi++) {
      for (let ti = 0; ti < t; ti++) {
        const row = ((bi * h + hi) * t + ti) * d;
        const tab = (bi * t + ti) * d;
        for (let j = 0; j < d; j++) {
          const xv = x[row + j] ?? 0;
          const r = j < half ? -(x[row + j + half] ?? 0) : (x[row + j - half] ?? 0);
          const a = f(xv * (cos[tab + j] ?? 0));
          const s = f(r * (sin[tab + j] ?? 0));
          out[row + j] = inverse ? f(a - s) : f(a + s);
        }
      }
    }
  }
}

/** One invocation per output element; T and H come from the outShape uniform, so q and k share the pipeline. */
function ropeProgram(shape: number[], inverse: boolean) {
  const d = shape[3] ?? 0;
  const size = shape.reduce((a, v) => a * v, 1);
  const half = d / 2;
  return {
    outputShape: shape,
    shaderKey: `comam_rope_${d}_${inverse}`,
    dispatchLayout: { x: shape.map((_, i) => i) },
    dispatch: [Math.ceil(size / 64), 1, 1] as [number, number, number],
    variableNames: ['xIn', 'cosIn', 'sinIn'],
    workgroupSize: [64, 1, 1] as [number, number, number],
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let t = uniforms.outShape[2];
          let h = uniforms.outShape[1];
          let j = index % ${d};
          let ti = (index / ${d}) % t;
          let bi = index / (${d} * t * h);
          let tab = (bi * t + ti) * ${d} + j;
          var r = 0.0;
          if (j < ${half}) { r = -xIn[index + ${half}]; } else { r = xIn[index - ${half}]; }
          let a = xIn[index] * cosIn[tab];
          let s = r * sinIn[tab];
          setOutputAtIndex(index, ${inverse ? 'a - s' : 'a + s'});
        }
      }`,
  };
}

function register(): void {
  type Inputs = { q: tf.TensorInfo; k: tf.TensorInfo; cos: tf.TensorInfo; sin: tf.TensorInfo };
  const inverseOf = (attrs?: tf.NamedAttrMap) => (attrs as unknown as RopeAttrs).inverse;
  registerKernelBodies(FUSED_ROPE, {
    cpu: (inputs, be: CpuBackend, attrs) => {
      const { q, k, cos, sin } = inputs as Inputs;
      const [c, s] = [be.readSync(cos.dataId), be.readSync(sin.dataId)];
      return [q, k].map((x) => {
        const out = new Float32Array(x.shape.reduce((a, v) => a * v, 1));
        hostRope(be.readSync(x.dataId), c, s, x.shape, inverseOf(attrs), out);
        return be.makeTensorInfo(x.shape, 'float32', out);
      });
    },
    wasm: (inputs, be: WasmBackend, attrs) => {
      const { q, k, cos, sin } = inputs as Inputs;
      return [q, k].map((x) => {
        const out = be.makeOutput(x.shape, 'float32');
        hostRope(be.typedArrayFromHeap(x), be.typedArrayFromHeap(cos), be.typedArrayFromHeap(sin), x.shape, inverseOf(attrs), be.typedArrayFromHeap(out));
        return out;
      });
    },
    webgpu: (inputs, be: WebGpuBackend, attrs) => {
      const { q, k, cos, sin } = inputs as Inputs;
      // tfjs WebGPU programs have one output each: q and k are two dispatches of one pipeline.
      return [q, k].map((x) => be.runWebGPUProgram(ropeProgram(x.shape, inverseOf(attrs)), [x, cos, sin], 'float32'));
    },
  });
  if (!tf.getGradient(FUSED_ROPE)) {
    tf.registerGradient({
      kernelName: FUSED_ROPE,
      inputsToSave: ['cos', 'sin'],
      gradFunc: (dy, saved, attrs) => {
        const [cos, sin] = saved;
        const a = attrs as unknown as RopeAttrs;
        const dys = Array.isArray(dy) ? dy : [dy];
        if (!cos || !sin) throw new Error(`${FUSED_ROPE} gradient: the tables were not saved.`);
        // The rotation is orthogonal: its transpose is the rotation by −angle, the same kernel inverted.
        const dq = dys[0] ?? tf.zeros(a.qShape);
        const dk = dys[1] ?? tf.zeros(a.kShape);
        const [gq, gk] = tf.engine().runKernel<tf.Tensor[]>(FUSED_ROPE, { q: dq, k: dk, cos, sin }, { ...a, inverse: !a.inverse });
        return { q: () => gq, k: () => gk, cos: () => tf.zerosLike(cos), sin: () => tf.zerosLike(sin) };
      },
    });
  }
}

register();

/** q [B, Hq, T, D] and k [B, kvH, T, D] rotated by the tables in one kernel; differentiable in q and k. */
export function fusedRope(q: tf.Tensor4D, k: tf.Tensor4D, rope: RopeTables): [tf.Tensor4D, tf.Tensor4D] {
  const [qr, kr] = tf.engine().runKernel<tf.Tensor4D[]>(FUSED_ROPE, { q, k, cos: rope.cos, sin: rope.sin }, { inverse: false, qShape: q.shape, kShape: k.shape });
  return [qr, kr];
}

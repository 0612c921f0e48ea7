// Fused attention for one decoding step: a query token per sequence against the preallocated KV cache
// (scores, mask, softmax, weighted sum) in one kernel; inference-only, registered for webgpu, wasm and cpu.

import * as tf from '@tensorflow/tfjs-core';
import { registerKernelBodies, type CpuBackend, type WasmBackend, type WebGpuBackend } from '../kernelBackends';

export const DECODE_ATTENTION = 'ComamDecodeAttention';

/** Keys per chunk of the streaming softmax (one per thread of a WebGPU workgroup). */
export const DECODE_CHUNK = 64;

export interface DecodeShape {
  /** Sequences (G). */
  batch: number;
  numHeads: number;
  numKvHeads: number;
  /** Key/value slots (the cache's capacity). */
  slots: number;
  headDim: number;
}

const f = Math.fround;

/**
 * q [G, Hq, D], k/v [G, kvH, S, D], mask [G, S] (additive) → out [G, Hq·D]. Per (sequence, head): keys
 * in chunks of DECODE_CHUNK with a running max m and sum l (streaming softmax): each chunk rescales the
 * accumulators by exp(m_old − m_new), then adds exp(s_j − m_new)·v_j; out = acc / l. Query head h reads
 * KV head ⌊h / (Hq/kvH)⌋. The WGSL program does the same steps in the same order.
 */
export function hostDecodeAttention(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  mask: ArrayLike<number>,
  s: DecodeShape,
  scale: number,
  out: Float32Array,
): void {
  const { batch, numHeads, numKvHeads, slots, headDim: d } = s;
  const group = numHeads / numKvHeads;
  const scores = new Float32Array(DECODE_CHUNK);
  const acc = new Float32Array(d);
  for (let g = 0; g < batch; g++) {
    for (let h = 0; h < numHeads; h++) {
      const qBase = (g * numHeads + h) * d;
      const kvBase = (g * numKvHeads + Math.floor(h / group)) * slots * d;
      let m = -3e38;
      let l = 0;
      acc.fill(0);
      for (let c = 0; c < slots; c += DECODE_CHUNK) {
        const n = Math.min(DECODE_CHUNK, slots - c);
        let cm = -3e38;
        for (let j = 0; j < n; j++) {
          let dot = 0;
          const kRow = kvBase + (c + j) * d;
          for (let i = 0; i < d; i++) dot = f(dot + f((q[qBase + i] ?? 0) * (k[kRow + i] ?? 0)));
          const sc = f(f(dot * scale) + (mask[g * slots + c + j] ?? 0));
          scores[j] = sc;
          cm = Math.max(cm, sc);
        }
        const mNew = Math.max(m, cm);
        const alpha = f(Math.exp(m - mNew));
        l = f(l * alpha);
        for (let i = 0; i < d; i++) acc[i] = f((acc[i] ?? 0) * alpha);
        for (let j = 0; j < n; j++) {
          const e = f(Math.exp((scores[j] ?? 0) - mNew));
          l = f(l + e);
          const vRow = kvBase + (c + j) * d;
          for (let i = 0; i < d; i++) acc[i] = f((acc[i] ?? 0) + f(e * (v[vRow + i] ?? 0)));
        }
        m = mNew;
      }
      for (let i = 0; i < d; i++) out[qBase + i] = f((acc[i] ?? 0) / l);
    }
  }
}

/**
 * One workgroup of DECODE_CHUNK threads per (sequence, head). Per chunk: thread j scores key c+j into
 * workgroup memory, a tree reduction finds the chunk max, then each thread updates the accumulators of
 * the head dimensions it owns (i ≡ thread mod DECODE_CHUNK). Barriers sit in uniform control flow only.
 */
function decodeAttentionProgram(s: DecodeShape, scale: number) {
  const { batch, numHeads, numKvHeads, slots, headDim: d } = s;
  const group = numHeads / numKvHeads;
  const per = Math.ceil(d / DECODE_CHUNK);
  const chunks = Math.ceil(slots / DECODE_CHUNK);
  return {
    outputShape: [batch, numHeads * d],
    shaderKey: `comam_decode_attention_${numHeads}_${numKvHeads}_${slots}_${d}_${scale}`,
    dispatchLayout: { x: [0, 1] },
    dispatch: [batch * numHeads, 1, 1] as [number, number, number],
    variableNames: ['qIn', 'kIn', 'vIn', 'maskIn'],
    workgroupSize: [DECODE_CHUNK, 1, 1] as [number, number, number],
    getUserCode: () => `
      var<workgroup> scores : array<f32, ${DECODE_CHUNK}>;
      var<workgroup> red : array<f32, ${DECODE_CHUNK}>;
      fn main(index : i32) {
        let gh = i32(workgroupId.x);
        let tid = i32(localId.x);
        let g = gh / ${numHeads};
        let h = gh % ${numHeads};
        let qBase = gh * ${d};
        let kvBase = (g * ${numKvHeads} + h / ${group}) * ${slots * d};
        var m = -3.0e38;
        var l = 0.0;
        var acc : array<f32, ${per}>;
        for (var p = 0; p < ${per}; p++) { acc[p] = 0.0; }
        for (var c = 0; c < ${chunks}; c++) {
          let j = c * ${DECODE_CHUNK} + tid;
          var sc = -3.0e38;
          if (j < ${slots}) {
            var dot = 0.0;
            for (var i = 0; i < ${d}; i++) { dot = dot + qIn[qBase + i] * kIn[kvBase + j * ${d} + i]; }
            sc = dot * ${scale.toExponential()} + maskIn[g * ${slots} + j];
          }
          scores[tid] = sc;
          red[tid] = sc;
          workgroupBarrier();
          for (var w = ${DECODE_CHUNK / 2}; w > 0; w = w / 2) {
            if (tid < w) { red[tid] = max(red[tid], red[tid + w]); }
            workgroupBarrier();
          }
          let mNew = max(m, red[0]);
          let alpha = exp(m - mNew);
          l = l * alpha;
          for (var p = 0; p < ${per}; p++) { acc[p] = acc[p] * alpha; }
          for (var jj = 0; jj < ${DECODE_CHUNK}; jj++) {
            let key = c * ${DECODE_CHUNK} + jj;
            if (key < ${slots}) {
              let e = exp(scores[jj] - mNew);
              l = l + e;
              for (var p = 0; p < ${per}; p++) {
                let i = tid + p * ${DECODE_CHUNK};
                if (i < ${d}) { acc[p] = acc[p] + e * vIn[kvBase + key * ${d} + i]; }
              }
            }
          }
          m = mNew;
          workgroupBarrier();
        }
        // The row bound reads the uniforms, which also keeps their binding in the pipeline's layout.
        if (g < uniforms.outShape[0]) {
          for (var p = 0; p < ${per}; p++) {
            let i = tid + p * ${DECODE_CHUNK};
            if (i < ${d}) { setOutputAtIndex(qBase + i, acc[p] / l); }
          }
        }
      }`,
  };
}

interface Attrs {
  numKvHeads: number;
  scale: number;
}

function shapeOf(q: tf.TensorInfo, k: tf.TensorInfo, attrs: Attrs): DecodeShape {
  const [batch = 0, numHeads = 0, headDim = 0] = q.shape;
  return { batch, numHeads, numKvHeads: attrs.numKvHeads, slots: k.shape[2] ?? 0, headDim };
}

function register(): void {
  type Inputs = { q: tf.TensorInfo; k: tf.TensorInfo; v: tf.TensorInfo; mask: tf.TensorInfo };
  registerKernelBodies(DECODE_ATTENTION, {
    cpu: (inputs, be: CpuBackend, attrs) => {
      const { q, k, v, mask } = inputs as Inputs;
      const a = attrs as unknown as Attrs;
      const s = shapeOf(q, k, a);
      const out = new Float32Array(s.batch * s.numHeads * s.headDim);
      hostDecodeAttention(be.readSync(q.dataId), be.readSync(k.dataId), be.readSync(v.dataId), be.readSync(mask.dataId), s, a.scale, out);
      return be.makeTensorInfo([s.batch, s.numHeads * s.headDim], 'float32', out);
    },
    wasm: (inputs, be: WasmBackend, attrs) => {
      const { q, k, v, mask } = inputs as Inputs;
      const a = attrs as unknown as Attrs;
      const s = shapeOf(q, k, a);
      const out = be.makeOutput([s.batch, s.numHeads * s.headDim], 'float32');
      const heap = (t: tf.TensorInfo) => be.typedArrayFromHeap(t);
      hostDecodeAttention(heap(q), heap(k), heap(v), heap(mask), s, a.scale, heap(out));
      return out;
    },
    webgpu: (inputs, be: WebGpuBackend, attrs) => {
      const { q, k, v, mask } = inputs as Inputs;
      const a = attrs as unknown as Attrs;
      return be.runWebGPUProgram(decodeAttentionProgram(shapeOf(q, k, a), a.scale), [q, k, v, mask], 'float32');
    },
  });
}

register();

/**
 * q [G, Hq, 1, D] (rotated), k/v [G, kvH, S, D], mask additive [G, S] → [G, Hq·D], the layout the
 * output projection takes. Inference only: no gradient is registered (training never decodes).
 */
export function decodeAttention(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, mask: tf.Tensor2D, scale: number): tf.Tensor2D {
  const [g, hq, , d] = q.shape;
  const q3 = tf.reshape(q, [g, hq, d]); // [G, Hq, D]
  const out = tf.engine().runKernel<tf.Tensor2D>(DECODE_ATTENTION, { q: q3, k, v, mask }, { numKvHeads: k.shape[1], scale });
  q3.dispose();
  return out;
}

// The quantized tfjs kernels (QuantMatMul, its activation gradient QuantMatMulT, QuantDequantRows),
// registered for webgpu (WGSL), wasm and cpu (host numerics), and the ops the decoder calls.

import * as tf from '@tensorflow/tfjs-core';
import { registerKernelBodies, type CpuBackend, type WasmBackend, type WebGpuBackend } from '../kernelBackends';
import { hostDequantRows, hostQuantMatMul, hostQuantMatMulT } from './hostKernels';
import type { QuantBits, QuantLayout } from './pack';
import { dequantRowsProgram, quantMatMulProgram, quantMatMulTProgram, type QuantWebGpuProgram } from './wgsl';

/** A packed weight matrix on the device: packed [out, in·bits/32] int32, scales [out, in/groupSize]. */
export interface QuantizedMatrix extends QuantLayout {
  packed: tf.Tensor2D;
  scales: tf.Tensor2D;
}

export const QUANT_MATMUL = 'ComamQuantMatMul';
export const QUANT_MATMUL_T = 'ComamQuantMatMulT';
export const QUANT_DEQUANT_ROWS = 'ComamQuantDequantRows';

type Attrs = { bits: QuantBits; groupSize: number; inFeatures: number; outFeatures: number };

function layoutOf(attrs: tf.NamedAttrMap): QuantLayout {
  const a = attrs as unknown as Attrs;
  return { bits: a.bits, groupSize: a.groupSize, inFeatures: a.inFeatures, outFeatures: a.outFeatures };
}

type Compute = (read: (t: tf.TensorInfo) => ArrayLike<number>, inputs: tf.NamedTensorInfoMap, layout: QuantLayout) => { shape: number[]; values: Float32Array };

const HOST: Record<string, Compute> = {
  [QUANT_MATMUL]: (read, { x, packed, scales }, layout) => {
    const rows = x?.shape[0] ?? 0;
    return { shape: [rows, layout.outFeatures], values: hostQuantMatMul(read(x as tf.TensorInfo), rows, read(packed as tf.TensorInfo), read(scales as tf.TensorInfo), layout) };
  },
  [QUANT_MATMUL_T]: (read, { dy, packed, scales }, layout) => {
    const rows = dy?.shape[0] ?? 0;
    return { shape: [rows, layout.inFeatures], values: hostQuantMatMulT(read(dy as tf.TensorInfo), rows, read(packed as tf.TensorInfo), read(scales as tf.TensorInfo), layout) };
  },
  [QUANT_DEQUANT_ROWS]: (read, { packed, scales, ids }, layout) => {
    const rows = ids?.shape[0] ?? 0;
    return { shape: [rows, layout.inFeatures], values: hostDequantRows(read(packed as tf.TensorInfo), read(scales as tf.TensorInfo), read(ids as tf.TensorInfo), layout) };
  },
};

const GPU: Record<string, (inputs: tf.NamedTensorInfoMap, layout: QuantLayout) => { program: QuantWebGpuProgram; order: string[] }> = {
  [QUANT_MATMUL]: (inputs, layout) => ({ program: quantMatMulProgram(inputs.x?.shape[0] ?? 0, layout), order: ['x', 'packed', 'scales'] }),
  [QUANT_MATMUL_T]: (inputs, layout) => ({ program: quantMatMulTProgram(inputs.dy?.shape[0] ?? 0, layout), order: ['dy', 'packed', 'scales'] }),
  [QUANT_DEQUANT_ROWS]: (inputs, layout) => ({ program: dequantRowsProgram(inputs.ids?.shape[0] ?? 0, layout), order: ['packed', 'scales', 'ids'] }),
};

function registerAll(): void {
  for (const [name, compute] of Object.entries(HOST)) {
    const gpu = GPU[name];
    registerKernelBodies(name, {
      cpu: (inputs, be: CpuBackend, attrs) => {
        const { shape, values } = compute((t) => be.readSync(t.dataId), inputs, layoutOf(attrs));
        return be.makeTensorInfo(shape, 'float32', values);
      },
      wasm: (inputs, be: WasmBackend, attrs) => {
        const { shape, values } = compute((t) => be.readSync(t.dataId), inputs, layoutOf(attrs));
        const out = be.makeOutput(shape, 'float32');
        be.typedArrayFromHeap(out).set(values);
        return out;
      },
      webgpu:
        gpu &&
        ((inputs, be: WebGpuBackend, attrs) => {
          const { program, order } = gpu(inputs, layoutOf(attrs));
          return be.runWebGPUProgram(program, order.map((k) => inputs[k] as tf.TensorInfo), 'float32');
        }),
    });
  }
  if (!tf.getGradient(QUANT_MATMUL)) {
    tf.registerGradient({
      kernelName: QUANT_MATMUL,
      inputsToSave: ['packed', 'scales'],
      gradFunc: (dy, saved, attrs) => {
        const [packed, scales] = saved;
        if (!packed || !scales) throw new Error(`${QUANT_MATMUL} gradient: the packed weight and scales were not saved.`);
        return { x: () => tf.engine().runKernel<tf.Tensor>(QUANT_MATMUL_T, { dy: dy as tf.Tensor, packed, scales }, attrs) };
      },
    });
  }
}

registerAll();

function attrsOf(m: QuantLayout): tf.NamedAttrMap {
  return { bits: m.bits, groupSize: m.groupSize, inFeatures: m.inFeatures, outFeatures: m.outFeatures };
}

/** x [N, in] · Wᵀ → [N, out]; differentiable with respect to x (the base is frozen). */
export function quantMatMul(x: tf.Tensor2D, m: QuantizedMatrix): tf.Tensor2D {
  return tf.engine().runKernel<tf.Tensor2D>(QUANT_MATMUL, { x, packed: m.packed, scales: m.scales }, attrsOf(m));
}

/** dy [N, out] · W → [N, in] (the activation gradient, also used by the chunked log-prob backward). */
export function quantMatMulT(dy: tf.Tensor2D, m: QuantizedMatrix): tf.Tensor2D {
  return tf.engine().runKernel<tf.Tensor2D>(QUANT_MATMUL_T, { dy, packed: m.packed, scales: m.scales }, attrsOf(m));
}

/** Rows `ids` (int32) of W as float32 [ids, in] (the embedding lookup of a quantized embedding). */
export function quantGatherRows(m: QuantizedMatrix, ids: tf.Tensor1D): tf.Tensor2D {
  return tf.engine().runKernel<tf.Tensor2D>(QUANT_DEQUANT_ROWS, { packed: m.packed, scales: m.scales, ids }, attrsOf(m));
}

/** Upload a host-quantized matrix. */
export function uploadQuantized(q: { packed: Int32Array; scales: Float32Array } & QuantLayout): QuantizedMatrix {
  const { bits, groupSize, inFeatures, outFeatures } = q;
  const words = (inFeatures * bits) / 32;
  return {
    bits,
    groupSize,
    inFeatures,
    outFeatures,
    packed: tf.tensor2d(q.packed, [outFeatures, words], 'int32'),
    scales: tf.tensor2d(q.scales, [outFeatures, inFeatures / groupSize], 'float32'),
  };
}

// An in-place write of new K/V slots into a preallocated cache buffer [B, H, capacity, D], registered
// as a tfjs kernel for webgpu (WGSL, writing into the existing GPU buffer), wasm and cpu (heap/array).

import * as tf from '@tensorflow/tfjs-core';
import { EngineInputError } from '../engineErrors';
import { registerKernelBodies } from '../kernelBackends';

export const KV_WRITE = 'ComamKvWrite';

interface Refs {
  incRef(dataId: tf.DataId): void;
}
interface CpuBackend extends Refs {
  data: { get(dataId: tf.DataId): { values: Float32Array } };
  readSync(dataId: tf.DataId): Float32Array;
}
interface WasmBackend extends Refs {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}
interface WebGpuBackend extends Refs {
  runWebGPUProgram(program: unknown, inputs: tf.TensorInfo[], dtype: tf.DataType, uniforms: { type: string; data: number[] }[], output: tf.TensorInfo): tf.TensorInfo;
}

/** Copy update [B, H, T, D] into target [B, H, S, D] at slot `offset`. */
function hostWrite(target: Float32Array, update: ArrayLike<number>, shape: number[], t: number, offset: number): void {
  const [b = 0, h = 0, s = 0, d = 0] = shape;
  for (let bh = 0; bh < b * h; bh++) {
    for (let i = 0; i < t; i++) {
      const from = (bh * t + i) * d;
      const to = (bh * s + offset + i) * d;
      for (let j = 0; j < d; j++) target[to + j] = update[from + j] ?? 0;
    }
  }
}

function program(update: number[], capacity: number) {
  const [b = 0, h = 0, t = 0, d = 0] = update;
  const size = b * h * t * d;
  return {
    outputShape: update,
    shaderKey: `comam_kvwrite_${capacity}_${t}_${d}`,
    dispatchLayout: { x: update.map((_, i) => i) },
    dispatch: [Math.ceil(size / 64), 1, 1] as [number, number, number],
    variableNames: ['update'],
    workgroupSize: [64, 1, 1] as [number, number, number],
    size: true,
    uniforms: 'offset : i32,',
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let j = index % ${d};
          let i = (index / ${d}) % ${t};
          let bh = index / ${d * t};
          result[(bh * ${capacity} + uniforms.offset + i) * ${d} + j] = update[index];
        }
      }`,
  };
}

function register(): void {
  const alias = (backend: Refs, cache: tf.TensorInfo): tf.TensorInfo => {
    backend.incRef(cache.dataId);
    return { dataId: cache.dataId, shape: cache.shape, dtype: cache.dtype };
  };
  const offsetOf = (attrs?: tf.NamedAttrMap) => (attrs as { offset: number }).offset;
  registerKernelBodies(KV_WRITE, {
    cpu: (inputs, be: CpuBackend, attrs) => {
      const { cache, update } = inputs as { cache: tf.TensorInfo; update: tf.TensorInfo };
      hostWrite(be.data.get(cache.dataId).values, be.readSync(update.dataId), cache.shape, update.shape[2] ?? 0, offsetOf(attrs));
      return alias(be, cache);
    },
    wasm: (inputs, be: WasmBackend, attrs) => {
      const { cache, update } = inputs as { cache: tf.TensorInfo; update: tf.TensorInfo };
      hostWrite(be.typedArrayFromHeap(cache), be.typedArrayFromHeap(update), cache.shape, update.shape[2] ?? 0, offsetOf(attrs));
      return alias(be, cache);
    },
    webgpu: (inputs, be: WebGpuBackend, attrs) => {
      const { cache, update } = inputs as { cache: tf.TensorInfo; update: tf.TensorInfo };
      be.runWebGPUProgram(program(update.shape, cache.shape[2] ?? 0), [update], 'float32', [{ type: 'int32', data: [offsetOf(attrs)] }], cache);
      return alias(be, cache);
    },
  });
}

register();

/**
 * Write update [B, H, T, D] into cache [B, H, capacity, D] at slots offset..offset+T, in place: the
 * cache tensor's own buffer changes (no new allocation). Only for buffers nothing else aliases.
 */
export function kvWrite(cache: tf.Tensor4D, update: tf.Tensor4D, offset: number): void {
  const [b, h, capacity, d] = cache.shape;
  const [ub, uh, t, ud] = update.shape;
  if (ub !== b || uh !== h || ud !== d || offset < 0 || offset + t > capacity) {
    throw new EngineInputError(`KV cache write: update ${JSON.stringify(update.shape)} at slot ${offset} does not fit the cache ${JSON.stringify(cache.shape)}; create the KvCache with a larger capacity.`, { field: 'kvCache' });
  }
  const alias = tf.engine().runKernel<tf.Tensor>(KV_WRITE, { cache, update }, { offset });
  alias.dispose();
}

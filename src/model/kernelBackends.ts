// The parts of tfjs's cpu, wasm and webgpu backends that the project's custom kernels call (tfjs-core
// does not export those backend classes' types), declared once for the quantized and fused kernels,
// and the one way those kernels register their per-backend bodies.

import * as tf from '@tensorflow/tfjs-core';
import { checkBindings, DEFAULT_STORAGE_BUFFERS } from './webgpu/limits';

/** The part of the cpu and wasm backends the host kernels read through. */
export interface HostBackend {
  readSync(dataId: tf.DataId): ArrayLike<number>;
}
export interface CpuBackend extends HostBackend {
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}
export interface WasmBackend extends HostBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}
export interface WebGpuBackend {
  runWebGPUProgram(program: unknown, inputs: tf.TensorInfo[], dtype: tf.DataType): tf.TensorInfo;
}

/** One backend's body of a custom kernel, given that backend typed as the body needs it. */
export type KernelBody<B> = (inputs: tf.NamedTensorInfoMap, backend: B, attrs: tf.NamedAttrMap) => tf.TensorInfo | tf.TensorInfo[];

/**
 * The webgpu backend as a kernel body sees it: runWebGPUProgram first checks the program's storage buffers
 * against the device's limit (GpuLimitError instead of a pipeline WebGPU rejects); the rest is the backend.
 */
function boundChecked(name: string, backend: object): unknown {
  const limit = (backend as { device?: GPUDevice }).device?.limits.maxStorageBuffersPerShaderStage ?? DEFAULT_STORAGE_BUFFERS;
  return new Proxy(backend, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (prop !== 'runWebGPUProgram') return (value as (...a: unknown[]) => unknown).bind(target);
      return (program: unknown, ...rest: unknown[]) => {
        checkBindings(program, name, limit);
        return (value as (...a: unknown[]) => unknown).call(target, program, ...rest);
      };
    },
  });
}

/**
 * Register kernel `name` on each backend that has a body here and no kernel of that name yet (module
 * reloads and several importers register once). The backend types are the caller's: what it reads.
 */
export function registerKernelBodies<C = CpuBackend, W = WasmBackend, G = WebGpuBackend>(name: string, bodies: { cpu?: KernelBody<C>; wasm?: KernelBody<W>; webgpu?: KernelBody<G> }): void {
  for (const [backendName, body] of Object.entries(bodies) as [string, KernelBody<unknown> | undefined][]) {
    if (!body || tf.getKernel(name, backendName)) continue;
    const seen = backendName === 'webgpu' ? (backend: object) => boundChecked(name, backend) : (backend: object) => backend;
    tf.registerKernel({ kernelName: name, backendName, kernelFunc: ({ inputs, backend, attrs }) => body(inputs, seen(backend), attrs ?? {}) });
  }
}

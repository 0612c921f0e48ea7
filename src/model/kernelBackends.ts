// The parts of tfjs's cpu, wasm and webgpu backends that the project's custom kernels call (tfjs-core
// does not export those backend classes' types), declared once for the quantized and fused kernels,
// and the one way those kernels register their per-backend bodies.

import * as tf from '@tensorflow/tfjs-core';

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
 * Register kernel `name` on each backend that has a body here and no kernel of that name yet (module
 * reloads and several importers register once). The backend types are the caller's: what it reads.
 */
export function registerKernelBodies<C = CpuBackend, W = WasmBackend, G = WebGpuBackend>(name: string, bodies: { cpu?: KernelBody<C>; wasm?: KernelBody<W>; webgpu?: KernelBody<G> }): void {
  for (const [backendName, body] of Object.entries(bodies) as [string, KernelBody<unknown> | undefined][]) {
    if (!body || tf.getKernel(name, backendName)) continue;
    tf.registerKernel({ kernelName: name, backendName, kernelFunc: ({ inputs, backend, attrs }) => body(inputs, backend, attrs ?? {}) });
  }
}

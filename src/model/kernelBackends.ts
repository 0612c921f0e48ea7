// The parts of tfjs's cpu, wasm and webgpu backends that the project's custom kernels call (tfjs-core
// does not export those backend classes' types), declared once for the quantized and fused kernels.

import type * as tf from '@tensorflow/tfjs-core';

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

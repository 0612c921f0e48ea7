// Kernels within the device's limits: how many tensors one kernel may read on the active backend, a sum
// of many tensors in chunks that fit, and the check our own WebGPU programs go through before dispatch.

import * as tf from '@tensorflow/tfjs-core';
import { LabError, registerError } from '../../protocol/errors';
import { activeGpuDevice } from './gpuErrors';

/** A kernel would bind more storage buffers than the device allows; `data.program` names it. */
export class GpuLimitError extends LabError {}
registerError(GpuLimitError);

/** The WebGPU default of maxStorageBuffersPerShaderStage (what a device gets unless it asks for more). */
export const DEFAULT_STORAGE_BUFFERS = 8;

/**
 * Storage buffers one compute shader may bind on the active backend (each input and the output take one);
 * Infinity off WebGPU. tfjs's AddN binds every input, its Concat splits at this minus one.
 */
export function storageBufferLimit(): number {
  const device = activeGpuDevice();
  return device ? device.limits.maxStorageBuffersPerShaderStage : Infinity;
}

/**
 * Σ tensors (same shape), never binding more inputs than the device allows: tf.addN over chunks of at most
 * limit − 1, then over the chunk sums, until one is left. One input: a clone. Example (limit 8): 40 scalars
 * → 6 chunk sums (7+7+7+7+7+5) → 1.
 */
export function sumTensors(tensors: readonly tf.Tensor[]): tf.Tensor {
  if (tensors.length === 0) throw new RangeError('sumTensors needs at least one tensor.');
  const perKernel = Math.max(2, Math.min(storageBufferLimit() - 1, 1 << 16));
  return tf.tidy(() => {
    let level: tf.Tensor[] = [...tensors];
    while (level.length > 1) {
      const next: tf.Tensor[] = [];
      for (let i = 0; i < level.length; i += perKernel) {
        const chunk = level.slice(i, i + perKernel);
        next.push(chunk.length === 1 ? (chunk[0]) : tf.addN(chunk));
      }
      level = next;
    }
    return (level[0]).clone();
  });
}

/** The part of a tfjs WebGPU program the binding check reads. */
interface ProgramShape {
  variableNames?: readonly string[];
}

/**
 * Refuse a program of ours that would bind more storage buffers (its inputs and the output) than the
 * device allows, before WebGPU rejects its pipeline (which would leave the kernel's output unwritten).
 */
export function checkBindings(program: unknown, kernel: string, limit: number): void {
  const inputs = (program as ProgramShape).variableNames?.length ?? 0;
  if (inputs + 1 > limit) {
    throw new GpuLimitError(
      `Kernel ${kernel} would bind ${inputs + 1} storage buffers; this GPU allows ${limit} per shader stage. Use the WebAssembly backend, or report this kernel.`,
      { program: kernel, bindings: inputs + 1, limit },
    );
  }
}

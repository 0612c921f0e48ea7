// WebGPU errors never pass silently: error scopes (validation, out-of-memory) around a phase of work,
// the errors no scope caught (the device's `uncapturederror` events), and the named error both become.

import * as tf from '@tensorflow/tfjs-core';
import { LabError, registerError } from '../../protocol/errors';

/**
 * The GPU reported an error while the lab computed `data.phase`: the results of that phase are wrong
 * (a kernel that failed validation never ran), so nothing of it was applied. `data.kind` is
 * validation | out-of-memory | internal | uncaptured, `data.operation` the call or pipeline at fault.
 */
export class WebGpuError extends LabError {}
registerError(WebGpuError);

export type GpuErrorKind = 'validation' | 'out-of-memory' | 'internal';

interface RecordedError {
  kind: GpuErrorKind;
  message: string;
}

/** Errors no scope caught, per device, until a phase takes them. */
const uncaptured = new WeakMap<GPUDevice, RecordedError[]>();

function kindOf(error: GPUError): GpuErrorKind {
  if (typeof GPUOutOfMemoryError !== 'undefined' && error instanceof GPUOutOfMemoryError) return 'out-of-memory';
  if (typeof GPUValidationError !== 'undefined' && error instanceof GPUValidationError) return 'validation';
  const name = error.constructor.name;
  if (/OutOfMemory/.test(name)) return 'out-of-memory';
  if (/Validation/.test(name)) return 'validation';
  return 'internal';
}

/**
 * Listen for errors outside any error scope on `device` (idempotent). Each is kept for the next phase
 * check and logged as `WebGPU uncaptured <kind> error: …` (the e2e suite fails any test that logs one).
 */
export function watchUncapturedErrors(device: GPUDevice): void {
  if (uncaptured.has(device)) return;
  const list: RecordedError[] = [];
  uncaptured.set(device, list);
  device.addEventListener('uncapturederror', (ev) => {
    const error = (ev).error;
    const recorded = { kind: kindOf(error), message: error.message };
    list.push(recorded);
    console.error(`WebGPU uncaptured ${recorded.kind} error: ${recorded.message}`);
  });
}

/** The active tfjs backend's GPUDevice, or undefined when the backend is not webgpu. */
export function activeGpuDevice(): GPUDevice | undefined {
  if (tf.getBackend() !== 'webgpu') return undefined;
  return (tf.backend() as unknown as { device?: GPUDevice }).device;
}

/**
 * The operation a Dawn/Chromium message names: the labelled pipeline or object (`[ComputePipelineDescriptor
 * ""AddNPackedProgram""]` → AddNPackedProgram), else the call (`[Device].CreateBuffer` → CreateBuffer),
 * else the first invalid object (`[Invalid CommandBuffer]`).
 * Example: 'While calling [Device].CreateComputePipeline([ComputePipelineDescriptor ""AddNPackedProgram""])' → 'AddNPackedProgram'.
 */
export function operationOf(message: string): string {
  const labelled = /Descriptor\s+""([^"]+)""/.exec(message) ?? /\[\w+\s+"([^"]+)"\]/.exec(message);
  if (labelled?.[1]) return labelled[1];
  const call = /While calling \[[^\]]*\]\.(\w+)/.exec(message);
  if (call?.[1]) return call[1];
  const invalid = /\[Invalid (\w+)[^\]]*\]/.exec(message);
  return invalid?.[1] ? `Invalid ${invalid[1]}` : 'unknown operation';
}

/** The named error for a GPU error during `phase`; the message says what failed, where, and what to do. */
export function gpuErrorFor(phase: string, kind: GpuErrorKind | 'uncaptured', gpuMessage: string, more = 0): WebGpuError {
  const operation = operationOf(gpuMessage);
  const firstLine = (gpuMessage.split('\n')[0] ?? gpuMessage).trim().replace(/\.+$/, '');
  const advice =
    kind === 'out-of-memory'
      ? 'Free GPU memory (close other GPU tabs) or shorten sequences / lower num_generations, then resume; or train on WebAssembly (?backend=wasm, --backend wasm).'
      : 'Nothing of this phase was applied. Resume to retry from the last checkpoint, or train on WebAssembly (?backend=wasm, --backend wasm); if it repeats, report this message.';
  return new WebGpuError(
    `WebGPU ${kind} error during ${phase}, in ${operation}: ${firstLine}${more > 0 ? ` (and ${more} more)` : ''}. ${advice}`,
    { phase, kind, operation, gpuMessage: gpuMessage.slice(0, 2000) },
  );
}

/**
 * Run `fn` (one phase of GPU work; it must read its results back, so its commands were submitted) inside
 * validation and out-of-memory error scopes on the active WebGPU device. A scope's error, or an error
 * no scope caught since the last phase, throws WebGpuError naming `phase`, even when `fn` threw
 * (a failed kernel often surfaces as NaN or a failed read). Other backends: just `fn`.
 */
export async function gpuPhase<T>(phase: string, fn: () => Promise<T>): Promise<T> {
  const device = activeGpuDevice();
  if (!device) return fn();
  watchUncapturedErrors(device);
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let result: { value: T } | undefined;
  let thrown: unknown;
  try {
    result = { value: await fn() };
  } catch (err) {
    thrown = err;
  }
  const validation = await device.popErrorScope();
  const oom = await device.popErrorScope();
  const missed = uncaptured.get(device)?.splice(0) ?? [];
  const first = validation ? { kind: 'validation' as const, message: validation.message } : oom ? { kind: 'out-of-memory' as const, message: oom.message } : undefined;
  if (first) throw gpuErrorFor(phase, first.kind, first.message, missed.length + (validation && oom ? 1 : 0));
  if (missed[0]) throw gpuErrorFor(phase, 'uncaptured', `${missed[0].kind}: ${missed[0].message}`, missed.length - 1);
  if (result === undefined) throw thrown;
  return result.value;
}

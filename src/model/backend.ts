// Backend selection: WebGPU first, then wasm, then cpu, each checked with a small matmul.
// Pure tfjs; the caller passes environment facts (wasm file URLs, isolation) in, so it runs anywhere.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { BackendUnavailableError } from '../protocol/errors';
import type { BackendName, BackendOptions, BackendPreference, BackendReport, GpuAdapterInfo } from './backendInfo';
import { BACKENDS } from './backendInfo';

export * from './backendInfo';

const EXPECTED = [19, 22, 43, 50];

/** Import the WebGPU backend only when the platform has navigator.gpu (it registers on import). */
async function registerWebGpu(): Promise<void> {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (!nav?.gpu) throw new BackendUnavailableError('WebGPU is not available here (no navigator.gpu).');
  await import('@tensorflow/tfjs-backend-webgpu');
}

async function registerWasm(opts: BackendOptions): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (opts.wasmPaths !== undefined) wasm.setWasmPaths(opts.wasmPaths);
}

async function adapterInfo(): Promise<GpuAdapterInfo | undefined> {
  const backend = tf.backend() as unknown as { adapterInfo?: Partial<GpuAdapterInfo> };
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  let info: Partial<GpuAdapterInfo> | undefined = backend.adapterInfo;
  if (!info?.vendor && nav?.gpu) {
    const adapter = await nav.gpu.requestAdapter();
    info = adapter?.info;
  }
  if (!info) return undefined;
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    description: info.description ?? '',
  };
}

/** Run the 2×2 check on the active backend. */
export async function checkMatmul(): Promise<{ values: number[]; ok: boolean }> {
  const a = tf.tensor2d([[1, 2], [3, 4]]);
  const b = tf.tensor2d([[5, 6], [7, 8]]);
  const c = tf.matMul(a, b);
  const values = Array.from(await c.data());
  tf.dispose([a, b, c]);
  const ok = values.length === 4 && values.every((v, i) => Math.abs(v - (EXPECTED[i] ?? NaN)) < 1e-4);
  return { values, ok };
}

async function tryBackend(name: BackendName, opts: BackendOptions): Promise<void> {
  if (name === 'webgpu') await registerWebGpu();
  if (name === 'wasm') await registerWasm(opts);
  const ok = await tf.setBackend(name);
  if (!ok) throw new BackendUnavailableError(`tfjs could not initialize the ${name} backend.`, { backend: name });
  await tf.ready();
  const { ok: correct, values } = await checkMatmul();
  if (!correct) {
    throw new BackendUnavailableError(
      `The ${name} backend computed a wrong 2×2 matmul (${values.join(', ')}); refusing to use it.`,
      { backend: name },
    );
  }
}

/**
 * Drop a backend's instance and register its factory again, so the next setBackend builds a fresh one
 * (for WebGPU: a new adapter and device, after the old device was lost). Dispose its tensors first.
 * Returns false when the backend was never registered.
 */
export function recreateBackend(name: BackendName): boolean {
  const entry = tf.engine().registryFactory[name];
  if (entry === undefined) return false;
  tf.removeBackend(name);
  tf.registerBackend(name, entry.factory, entry.priority);
  return true;
}

/**
 * Initialize the preferred backend, or the first that works in WebGPU → wasm → cpu order.
 * An explicit preference that fails throws BackendUnavailableError: the user asked for it by name.
 */
export async function initBackend(preference: BackendPreference, opts: BackendOptions = {}): Promise<BackendReport> {
  const start = performance.now();
  const order: readonly BackendName[] = preference === 'auto' ? BACKENDS : [preference];
  const fallbacks: BackendReport['fallbacks'] = [];
  for (const name of order) {
    try {
      await tryBackend(name, opts);
      const { values, ok } = await checkMatmul();
      const report: BackendReport = { backend: name, matmul: values, matmulOk: ok, fallbacks, initMs: performance.now() - start };
      if (name === 'webgpu') report.adapter = await adapterInfo();
      return report;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      fallbacks.push({ backend: name, error: message });
      if (preference !== 'auto') {
        throw new BackendUnavailableError(`Backend "${name}" is unavailable: ${message}. Try ?backend=auto.`, { backend: name });
      }
    }
  }
  throw new BackendUnavailableError(
    `No tfjs backend initialized (${fallbacks.map((f) => `${f.backend}: ${f.error}`).join('; ')}).`,
  );
}

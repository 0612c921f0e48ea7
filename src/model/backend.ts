// Backend selection: a real GPU first, then wasm, then a fallback GPU adapter, then cpu, each checked
// with a small matmul.
// Pure tfjs; the caller passes environment facts (wasm file URLs, isolation) in, so it runs anywhere.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { BackendUnavailableError } from '../protocol/errors';
import type { BackendCheck, BackendName, BackendOptions, BackendPreference, BackendReport, GpuAdapterInfo } from './backendInfo';
import { BACKENDS, describeBackend } from './backendInfo';
import { describeAdapter, registerLabWebGpu, requestLabAdapter, type LimitsPolicy } from './webgpu/device';

export * from './backendInfo';

const EXPECTED = [19, 22, 43, 50];

let labWebGpu: LimitsPolicy | undefined;

/**
 * Register tfjs's WebGPU kernels with the lab's device factory (adapter limits, uncaptured-error watch) once
 * per process, or again when a different limits policy is asked for (tests of WebGPU's default limits).
 */
export async function useLabWebGpu(limits: LimitsPolicy = 'adapter'): Promise<void> {
  if (labWebGpu === limits && tf.engine().registryFactory.webgpu) return;
  await registerLabWebGpu(limits);
  labWebGpu = limits;
}

async function registerWasm(opts: BackendOptions): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (opts.wasmPaths !== undefined) wasm.setWasmPaths(opts.wasmPaths);
}

/** The WebGPU adapter the backend would run on, described (vendor, architecture, fallback or not). */
export async function webGpuAdapter(): Promise<GpuAdapterInfo> {
  return describeAdapter(await requestLabAdapter());
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
  if (name === 'webgpu') await useLabWebGpu();
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

/** What `auto` tries, in order: a real GPU first, then wasm, then a fallback (CPU) WebGPU adapter, then plain cpu. */
const AUTO_ORDER = ['webgpu', 'wasm', 'webgpu-fallback', 'cpu'] as const;

/** Why `auto` passes over a fallback adapter (shown in the page header and the CLI). */
function fallbackNote(adapter: GpuAdapterInfo): string {
  const who = adapter.architecture || adapter.description || adapter.vendor || 'unknown';
  return `its adapter "${who}" is a fallback/CPU adapter (${adapter.fallbackReason ?? 'fallback'}), slower than WebAssembly on this machine; choose WebGPU in the backend selector (?backend=webgpu) to use it anyway`;
}

/**
 * Initialize the preferred backend, or under `auto` the first that works in the order above: a fallback
 * WebGPU adapter (SwiftShader, isFallbackAdapter) ranks below wasm, and the report's fallbacks say why.
 * An explicit preference that fails throws BackendUnavailableError: the user asked for it by name.
 */
export async function initBackend(preference: BackendPreference, opts: BackendOptions = {}): Promise<BackendReport> {
  const start = performance.now();
  const order: readonly (BackendName | 'webgpu-fallback')[] = preference === 'auto' ? AUTO_ORDER : [preference];
  const fallbacks: BackendReport['fallbacks'] = [];
  let passedOver: GpuAdapterInfo | undefined;
  for (const candidate of order) {
    if (candidate === 'webgpu-fallback' && passedOver === undefined) continue;
    const name: BackendName = candidate === 'webgpu-fallback' ? 'webgpu' : candidate;
    try {
      const adapter = name === 'webgpu' ? await webGpuAdapter() : undefined;
      if (candidate === 'webgpu' && preference === 'auto' && adapter?.fallback) {
        passedOver = adapter;
        fallbacks.push({ backend: 'webgpu', error: fallbackNote(adapter) });
        continue;
      }
      await tryBackend(name, opts);
      const { values, ok } = await checkMatmul();
      const report: BackendReport = { backend: name, matmul: values, matmulOk: ok, fallbacks, initMs: performance.now() - start };
      if (adapter) report.adapter = adapter;
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

/**
 * Each backend's self-check (initialize, 2×2 matmul), for the page's backend selector; leaves the last
 * one checked active, so call initBackend afterwards for the one to use.
 */
export async function checkBackends(opts: BackendOptions = {}): Promise<BackendCheck[]> {
  const checks: BackendCheck[] = [];
  for (const backend of BACKENDS) {
    const start = performance.now();
    try {
      const adapter = backend === 'webgpu' ? await webGpuAdapter() : undefined;
      await tryBackend(backend, opts);
      const kind = adapter ? `, ${adapter.fallback ? `fallback adapter (${adapter.fallbackReason ?? ''})` : 'hardware adapter'}` : '';
      checks.push({ backend, ok: true, detail: `${describeBackend({ backend, adapter })}${kind}, self-check passed in ${(performance.now() - start).toFixed(0)} ms`, ...(adapter ? { adapter } : {}) });
    } catch (err) {
      checks.push({ backend, ok: false, detail: err instanceof Error ? err.message : String(err) });
    }
  }
  return checks;
}

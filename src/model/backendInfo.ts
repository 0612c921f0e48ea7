// Backend names, reports and how to describe them: no tfjs import, so UI code can use it freely.

import { UnknownOptionError } from '../protocol/errors';

export const BACKENDS = ['webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendPreference = BackendName | 'auto';

export interface GpuAdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  /** A fallback or CPU adapter (isFallbackAdapter, or SwiftShader/llvmpipe by name): `auto` ranks it below wasm. */
  fallback?: boolean;
  /** Why it counts as a fallback, e.g. "isFallbackAdapter: swiftshader". */
  fallbackReason?: string;
  /** The adapter's maxStorageBuffersPerShaderStage (the lab's device requests it). */
  maxStorageBuffersPerShaderStage?: number;
}

export interface BackendReport {
  backend: BackendName;
  /** Present when the backend is webgpu. */
  adapter?: GpuAdapterInfo;
  /** [[1,2],[3,4]] · [[5,6],[7,8]] as computed by the backend (expect 19,22,43,50). */
  matmul: number[];
  matmulOk: boolean;
  /** Backends tried before this one, with why each failed or was passed over (a fallback WebGPU adapter under `auto`). */
  fallbacks: { backend: BackendName; error: string }[];
  initMs: number;
}

/** One backend's self-check, as the page's backend selector shows it. */
export interface BackendCheck {
  backend: BackendName;
  /** It initialized and computed the 2×2 matmul right. */
  ok: boolean;
  /** "WebGPU (swiftshader), fallback adapter, init 40 ms" or why it failed. */
  detail: string;
  adapter?: GpuAdapterInfo;
}

export interface BackendOptions {
  /** Wasm binaries by file name (browser bundles pass hashed asset URLs), or a directory prefix. */
  wasmPaths?: string | Record<string, string>;
}

export function parseBackendPreference(value: string | null | undefined): BackendPreference {
  if (value === null || value === undefined || value === '' || value === 'auto') return 'auto';
  if ((BACKENDS as readonly string[]).includes(value)) return value as BackendName;
  throw new UnknownOptionError(
    `Unknown backend "${value}". Use one of: auto, ${BACKENDS.join(', ')}.`,
    { field: 'backend', value },
  );
}

/**
 * Why `auto` did not pick WebGPU, from a report's fallbacks ("" when it did, or WebGPU was not tried).
 * Example: wasm chosen after a SwiftShader adapter → "WebGPU not chosen: its adapter swiftshader is a CPU fallback (isFallbackAdapter) …".
 */
export function whyNotWebGpu(report: Pick<BackendReport, 'backend' | 'fallbacks'>): string {
  if (report.backend === 'webgpu') return '';
  const gpu = report.fallbacks.find((f) => f.backend === 'webgpu');
  return gpu ? `WebGPU not chosen: ${gpu.error}` : '';
}

/** "WebGPU (swiftshader)", "WebAssembly", "CPU": how the UI and CLI name a backend. */
export function describeBackend(report: Pick<BackendReport, 'backend' | 'adapter'>): string {
  if (report.backend === 'webgpu') {
    const who = report.adapter?.architecture || report.adapter?.vendor || 'unknown adapter';
    return `WebGPU (${who})`;
  }
  return report.backend === 'wasm' ? 'WebAssembly' : 'CPU';
}

// Backend names, reports and how to describe them: no tfjs import, so UI code can use it freely.

import { UnknownOptionError } from '../protocol/errors';

export const BACKENDS = ['webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendPreference = BackendName | 'auto';

export interface GpuAdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
}

export interface BackendReport {
  backend: BackendName;
  /** Present when the backend is webgpu. */
  adapter?: GpuAdapterInfo;
  /** [[1,2],[3,4]] · [[5,6],[7,8]] as computed by the backend (expect 19,22,43,50). */
  matmul: number[];
  matmulOk: boolean;
  /** Backends tried before this one, with why each failed. */
  fallbacks: { backend: BackendName; error: string }[];
  initMs: number;
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

/** "WebGPU (swiftshader)", "WebAssembly", "CPU": how the UI and CLI name a backend. */
export function describeBackend(report: Pick<BackendReport, 'backend' | 'adapter'>): string {
  if (report.backend === 'webgpu') {
    const who = report.adapter?.architecture || report.adapter?.vendor || 'unknown adapter';
    return `WebGPU (${who})`;
  }
  return report.backend === 'wasm' ? 'WebAssembly' : 'CPU';
}

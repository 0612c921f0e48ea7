// The header's self-check in words: what the page computed on the chosen backend, what the answer
// should be, and which other backends initialized here (the probe's checks).

import type { BackendCheck, BackendName, BackendReport } from '../model/backendInfo';

export const BACKEND_NAMES: Readonly<Record<BackendName, string>> = Object.freeze({ webgpu: 'WebGPU', wasm: 'WebAssembly', cpu: 'CPU' });

/** [[1, 2], [3, 4]] · [[5, 6], [7, 8]], the product every backend must compute. */
export const EXPECTED_PRODUCT = Object.freeze([19, 22, 43, 50]);

/**
 * One sentence for the header.
 * Example: (wasm report, ok) → "Self-check passed: WebAssembly multiplied two 2×2 matrices and got the
 * expected 19, 22, 43, 50."
 */
export function selfCheckSentence(report: Pick<BackendReport, 'backend' | 'matmul' | 'matmulOk'>): string {
  const name = BACKEND_NAMES[report.backend];
  if (report.matmulOk) return `Self-check passed: ${name} multiplied two 2×2 matrices and got the expected ${EXPECTED_PRODUCT.join(', ')}.`;
  return `Self-check FAILED: ${name} multiplied two 2×2 matrices and got ${report.matmul.join(', ')} instead of ${EXPECTED_PRODUCT.join(', ')}; training on it would be wrong.`;
}

/** Which backends passed the same check, e.g. "Checked here: WebGPU passed, WebAssembly passed, CPU failed." */
export function backendChecksSentence(checks: readonly BackendCheck[]): string {
  return `Checked here: ${checks.map((c) => `${BACKEND_NAMES[c.backend]} ${c.ok ? 'passed' : 'failed'}`).join(', ')}.`;
}

import { describe, expect, it } from 'vitest';
import { backendChecksSentence, selfCheckSentence } from './selfCheck';

describe('self-check in words', () => {
  it('says what was computed, on which backend, and what passed', () => {
    expect(selfCheckSentence({ backend: 'wasm', matmul: [19, 22, 43, 50], matmulOk: true })).toBe('Self-check passed: WebAssembly multiplied two 2×2 matrices and got the expected 19, 22, 43, 50.');
    expect(selfCheckSentence({ backend: 'webgpu', matmul: [0, 0, 0, 0], matmulOk: false })).toBe(
      'Self-check FAILED: WebGPU multiplied two 2×2 matrices and got 0, 0, 0, 0 instead of 19, 22, 43, 50; training on it would be wrong.',
    );
    expect(backendChecksSentence([{ backend: 'webgpu', ok: true, detail: '' }, { backend: 'wasm', ok: true, detail: '' }, { backend: 'cpu', ok: false, detail: 'x' }])).toBe('Checked here: WebGPU passed, WebAssembly passed, CPU failed.');
  });
});

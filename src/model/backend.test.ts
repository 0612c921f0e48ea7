import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, UnknownOptionError } from '../protocol/errors';
import { describeBackend, initBackend, parseBackendPreference, recreateBackend } from './backend';

describe('backend selection', () => {
  it.each(['cpu', 'wasm'] as const)('initializes %s and checks a matmul', async (name) => {
    const report = await initBackend(name);
    expect(report.backend).toBe(name);
    expect(report.matmul).toEqual([19, 22, 43, 50]);
    expect(report.matmulOk).toBe(true);
  });

  it('auto falls back past an unavailable WebGPU and says why', async () => {
    const report = await initBackend('auto');
    expect(['webgpu', 'wasm']).toContain(report.backend);
    if (report.backend !== 'webgpu') expect(report.fallbacks[0]?.backend).toBe('webgpu');
  });

  it('an explicitly requested backend that is missing is a named error', async () => {
    if ((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu) return;
    await expect(initBackend('webgpu')).rejects.toBeInstanceOf(BackendUnavailableError);
  });

  it('recreates a backend: the next initBackend builds a fresh instance (a new device after a lost one)', async () => {
    await initBackend('cpu');
    const before = tf.backend();
    expect(recreateBackend('cpu')).toBe(true);
    const report = await initBackend('cpu');
    expect(report.matmulOk).toBe(true);
    expect(tf.backend()).not.toBe(before);
    expect(recreateBackend('webgpu-never-registered' as never)).toBe(false);
  });

  it('parses preferences and names unknown ones', () => {
    expect(parseBackendPreference(null)).toBe('auto');
    expect(parseBackendPreference('cpu')).toBe('cpu');
    expect(() => parseBackendPreference('cuda')).toThrow(UnknownOptionError);
  });

  it('describes backends the way the UI shows them', () => {
    expect(describeBackend({ backend: 'webgpu', adapter: { vendor: 'google', architecture: 'swiftshader', description: '' } })).toBe(
      'WebGPU (swiftshader)',
    );
    expect(describeBackend({ backend: 'wasm' })).toBe('WebAssembly');
  });
});

// Which WebGPU adapters count as fallbacks, and `auto` ranking a fallback adapter below wasm (in Node,
// where the `webgpu` package gives SwiftShader, a CPU adapter).
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { whyNotWebGpu } from '../backendInfo';
import { installNodeWebGpu } from '../node-webgpu';
import { describeAdapter } from './device';

function fakeAdapter(info: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean }): GPUAdapter {
  return { info: { vendor: '', architecture: '', description: '', device: '', ...info }, limits: { maxStorageBuffersPerShaderStage: 10 } } as unknown as GPUAdapter;
}

describe('describeAdapter', () => {
  it('a flagged fallback adapter is a fallback, and says so', () => {
    const a = describeAdapter(fakeAdapter({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true }));
    expect(a).toMatchObject({ fallback: true, fallbackReason: 'isFallbackAdapter: swiftshader', maxStorageBuffersPerShaderStage: 10 });
  });

  it('a software adapter by name is a fallback even unflagged', () => {
    expect(describeAdapter(fakeAdapter({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.7, 256 bits)' }))).toMatchObject({ fallback: true, fallbackReason: 'a software adapter (llvmpipe)' });
  });

  it('a hardware adapter is not', () => {
    expect(describeAdapter(fakeAdapter({ vendor: 'nvidia', architecture: 'ampere' })).fallback).toBe(false);
  });
});

const gpu = await installNodeWebGpu();

describe.skipIf(!gpu.installed)('auto with only a fallback adapter', () => {
  it('picks WebAssembly and says why WebGPU was not chosen', async () => {
    const report = await initBackend('auto');
    expect(report.backend).toBe('wasm');
    expect(whyNotWebGpu(report)).toMatch(/^WebGPU not chosen: its adapter "swiftshader" is a fallback\/CPU adapter \(isFallbackAdapter/);
  });

  it('an explicit webgpu still runs on it', async () => {
    const report = await initBackend('webgpu');
    expect(report.backend).toBe('webgpu');
    expect(report.adapter?.fallback).toBe(true);
  });
});

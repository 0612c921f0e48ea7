// WebGPU in Node (the `webgpu` package on Vulkan, SwiftShader here) at WebGPU's default limits: sums of many
// tensors stay within the 8 storage buffers a kernel may bind, and GPU errors come back as named errors.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalNorm } from '../../rl/optim/clip';
import { useLabWebGpu } from '../backend';
import { installNodeWebGpu } from '../node-webgpu';
import { activeGpuDevice, gpuPhase, operationOf, WebGpuError } from './gpuErrors';
import { checkBindings, GpuLimitError, storageBufferLimit, sumTensors } from './limits';

const gpu = await installNodeWebGpu();
if (!gpu.installed) console.warn(`WebGPU tests skipped: ${gpu.reason ?? 'no WebGPU'}`);

describe.skipIf(!gpu.installed)('on WebGPU at the default limits', () => {
  beforeAll(async () => {
    await useLabWebGpu('default');
    expect(await tf.setBackend('webgpu')).toBe(true);
  });
  afterAll(async () => {
    tf.removeBackend('webgpu');
    await tf.setBackend('cpu');
  });

  it('the device has WebGPU\'s default 8 storage buffers per stage', () => {
    expect(storageBufferLimit()).toBe(8);
  });

  it('sums 40 tensors correctly, with no GPU error', async () => {
    const parts = Array.from({ length: 40 }, (_, i) => tf.tensor1d([i, -2 * i, 0.5]));
    const total = await gpuPhase('the 40-tensor sum', async () => {
      const s = sumTensors(parts);
      const values = Array.from(await s.data());
      s.dispose();
      return values;
    });
    tf.dispose(parts);
    expect(total).toEqual([780, -1560, 20]);
  });

  it('globalNorm of 40 gradients equals the norm computed on the host', async () => {
    const values = Array.from({ length: 40 }, (_, i) => [Math.sin(i + 1), Math.cos(i) / 3]);
    const grads = Object.fromEntries(values.map((v, i) => [`g${i}`, tf.tensor1d(v)]));
    const norm = await gpuPhase('the norm', () => globalNorm(grads));
    tf.dispose(Object.values(grads));
    const expected = Math.sqrt(values.flat().reduce((a, x) => a + x * x, 0));
    expect(Math.abs(norm - expected) / expected).toBeLessThan(1e-6);
  });

  it('a validation error inside a phase is a WebGpuError naming the phase, the kind and the operation', async () => {
    const device = activeGpuDevice() as GPUDevice;
    const err = await gpuPhase('the test phase', () => Promise.resolve(device.createBuffer({ size: 4, usage: 0xffffff }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebGpuError);
    expect((err as WebGpuError).data).toMatchObject({ phase: 'the test phase', kind: 'validation', operation: 'CreateBuffer' });
    expect((err as WebGpuError).message).toMatch(/WebAssembly/);
  });

  it('an error outside any scope is reported by the next phase', async () => {
    const device = activeGpuDevice() as GPUDevice;
    device.createBuffer({ size: 4, usage: 0xffffff });
    await new Promise((r) => setTimeout(r, 100));
    const err = await gpuPhase('the next phase', () => Promise.resolve(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebGpuError);
    expect((err as WebGpuError).data).toMatchObject({ phase: 'the next phase', kind: 'uncaptured' });
  });
});

describe('limits without a GPU', () => {
  it('names the operation in Dawn messages', () => {
    expect(operationOf('Error. - While calling [Device].CreateComputePipeline([ComputePipelineDescriptor ""AddNPackedProgram""]).')).toBe('AddNPackedProgram');
    expect(operationOf('[Invalid CommandBuffer] is invalid due to a previous error.')).toBe('Invalid CommandBuffer');
  });

  it('refuses a program binding more storage buffers than allowed', () => {
    expect(() => checkBindings({ variableNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] }, 'Wide', 8)).toThrow(GpuLimitError);
    expect(() => checkBindings({ variableNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }, 'Fits', 8)).not.toThrow();
  });

  it('sums on cpu too', async () => {
    await tf.setBackend('cpu');
    const s = sumTensors([tf.scalar(1), tf.scalar(2), tf.scalar(3)]);
    expect(await s.data()).toEqual(new Float32Array([6]));
  });
});

// The lab's WebGPU backend factory: the adapter, what kind it is (a real GPU, or a fallback/CPU adapter
// such as SwiftShader), a device created with the adapter limits our kernels depend on, and its error watch.

import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from '../../protocol/errors';
import type { GpuAdapterInfo } from '../backendInfo';
import { watchUncapturedErrors } from './gpuErrors';

/**
 * Device limits requested at the adapter's value: the storage-buffer and binding sizes (tfjs asks for
 * these too) and maxStorageBuffersPerShaderStage (WebGPU's default is 8; more lets AddN and Concat take
 * more inputs per kernel, though every kernel of ours stays correct at 8).
 */
const ADAPTER_LIMITS = [
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
] as const;

/** 'adapter': request ADAPTER_LIMITS at the adapter's values (the lab); 'default': WebGPU's defaults (tests of the default 8). */
export type LimitsPolicy = 'adapter' | 'default';

/** Names of software/CPU adapters (Dawn's SwiftShader, Mesa's llvmpipe/lavapipe, Windows' Basic Render Driver). */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|basic render/i;

/** The adapter's info plus whether it is a fallback (CPU) adapter and why we think so. */
export function describeAdapter(adapter: GPUAdapter): GpuAdapterInfo {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const legacy = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const names = `${info.vendor} ${info.architecture} ${info.description} ${info.device}`;
  const flagged = info.isFallbackAdapter === true || legacy === true;
  const software = SOFTWARE.exec(names)?.[0];
  const fallbackReason = flagged ? `isFallbackAdapter${software ? `: ${software}` : ''}` : software ? `a software adapter (${software})` : undefined;
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    description: info.description ?? '',
    fallback: fallbackReason !== undefined,
    ...(fallbackReason ? { fallbackReason } : {}),
    maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
  };
}

function gpu(): GPU {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (!nav?.gpu) throw new BackendUnavailableError('WebGPU is not available here (no navigator.gpu).');
  return nav.gpu;
}

/** The adapter tfjs would get (high-performance), or a BackendUnavailableError saying why there is none. */
export async function requestLabAdapter(): Promise<GPUAdapter> {
  const adapter = await gpu().requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new BackendUnavailableError('WebGPU has no adapter here (requestAdapter returned null): no usable GPU or driver.');
  return adapter;
}

type WebGpuBackendClass = new (device: GPUDevice, adapterInfo?: GPUAdapterInfo) => tf.KernelBackend;

/**
 * Import tfjs's WebGPU backend (its kernels register on import) and register the 'webgpu' backend with our
 * factory in place of its own: the device asks for the adapter limits above (or WebGPU's defaults) and
 * every device gets the uncaptured-error watch. Re-registering drops a live instance (dispose its tensors first).
 */
export async function registerLabWebGpu(limits: LimitsPolicy = 'adapter'): Promise<void> {
  gpu();
  const mod = (await import('@tensorflow/tfjs-backend-webgpu')) as unknown as { WebGPUBackend: WebGpuBackendClass };
  const priority = tf.engine().registryFactory.webgpu?.priority ?? 3;
  const factory = async () => {
    const adapter = await requestLabAdapter();
    const requiredLimits: Record<string, number> = {};
    if (limits === 'adapter') for (const name of ADAPTER_LIMITS) requiredLimits[name] = adapter.limits[name];
    const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
    const device = await adapter.requestDevice({ requiredLimits, requiredFeatures });
    watchUncapturedErrors(device);
    return new mod.WebGPUBackend(device, adapter.info);
  };
  if (tf.engine().registryFactory.webgpu) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', factory, priority);
}

// WebGPU for Node: installs navigator.gpu from the optional `webgpu` (Dawn) package when present.
// Node-only; the browser has navigator.gpu natively. Used by the CLI and by Node tests.

import { existsSync } from 'node:fs';
import { BackendUnavailableError } from '../protocol/errors';
import { initBackend } from './backend';
import type { BackendPreference, BackendReport } from './backendInfo';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export interface NodeWebGpuResult {
  installed: boolean;
  reason?: string;
}

/**
 * Make `navigator.gpu` available in Node. Points Vulkan at Chromium's SwiftShader driver when no
 * ICD is configured and that file exists. Never throws: returns why it could not install.
 */
export async function installNodeWebGpu(): Promise<NodeWebGpuResult> {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator?.gpu) return { installed: true };
  if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  try {
    const mod = (await import('webgpu')) as { create: (flags: string[]) => unknown; globals: object };
    Object.assign(globalThis, mod.globals);
    g.navigator ??= {};
    const gpu = mod.create([]) as { requestAdapter: () => Promise<unknown> };
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { installed: false, reason: 'no WebGPU adapter (is a Vulkan driver installed? apt-get install libvulkan1)' };
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
    return { installed: true };
  } catch (err) {
    return { installed: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * initBackend for Node (the CLI's train, eval and model commands, as doctor checks them): WebGPU comes from
 * the `webgpu` package, installed before tfjs's WebGPU backend is imported; asking for webgpu where it
 * cannot install says why.
 */
export async function initNodeBackend(preference: BackendPreference): Promise<BackendReport> {
  if (preference === 'webgpu' || preference === 'auto') {
    const gpu = await installNodeWebGpu();
    if (!gpu.installed && preference === 'webgpu') {
      throw new BackendUnavailableError(`WebGPU is not available in Node here: ${gpu.reason ?? 'unknown reason'}. Run \`comam-lab doctor\`, or use --backend wasm.`, { backend: 'webgpu' });
    }
  }
  return initBackend(preference);
}

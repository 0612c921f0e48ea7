// Training on WebGPU in Chromium is as correct as wasm: one GRPO update of the three agents on the fixture
// model, LoRA on every attention and MLP projection of every layer (28 gradients per agent, more than the
// 8 storage buffers a WebGPU kernel may bind by default), gives the same loss and gradient norm as wasm,
// skips nothing, and moves every adapter's B. The gpuErrors fixture fails it on any uncaptured GPU error.
import type { Page } from '@playwright/test';
import type { UpdateCheckReport } from '../src/rl/trainer/updateCheck';
import { expect, test } from './fixtures';
import { routeSharedFixtures, served } from './sharedFixtures';
import { settled, warmImports } from './trainer.fixtures';

const MODEL = 'tiny-llama-f32';
const AGENTS = ['extractor', 'profiler', 'retriever'] as const;

function updateOn(page: Page, backend: 'webgpu' | 'wasm'): Promise<UpdateCheckReport> {
  return settled(page, () =>
    page.evaluate(
      async ({ backend, model, listing }) => {
        const src = (name: string) => `/src/${name}.ts`;
        const { initBackend } = (await import(/* @vite-ignore */ src('model/backend'))) as typeof import('../src/model/backend');
        const { Engine } = (await import(/* @vite-ignore */ src('model/engine'))) as typeof import('../src/model/engine');
        const { enableGradients } = (await import(/* @vite-ignore */ src('model/gradients'))) as typeof import('../src/model/gradients');
        const { runUpdateCheck } = (await import(/* @vite-ignore */ src('rl/trainer/updateCheck'))) as typeof import('../src/rl/trainer/updateCheck');
        await initBackend(backend, backend === 'wasm' ? { wasmPaths: '/node_modules/@tensorflow/tfjs-backend-wasm/dist/' } : {});
        await enableGradients();
        const base = `/__fixtures__/${model}`;
        const engine = await Engine.load({
          location: base,
          has: (name: string) => Promise.resolve(listing.includes(`${base}/${name}`)),
          read: async (name: string) => {
            const res = await fetch(`${base}/${name}`);
            if (!res.ok) throw new Error(`${base}/${name}: HTTP ${res.status}`);
            return new Uint8Array(await res.arrayBuffer());
          },
        });
        try {
          return await runUpdateCheck(engine, 320);
        } finally {
          engine.dispose();
        }
      },
      { backend, model: MODEL, listing: served(MODEL) },
    ),
  );
}

test.beforeEach(async ({ page }) => {
  await routeSharedFixtures(page);
  await page.goto('/');
  await warmImports(page, ['model/backend', 'model/engine', 'model/gradients', 'rl/trainer/updateCheck'], { trainer: false });
});

test('one GRPO update on WebGPU: per-agent loss and gradient norm equal wasm within 1e-3, nothing skipped, every adapter moved', async ({ page }) => {
  test.setTimeout(600_000);
  const gpu = await updateOn(page, 'webgpu');
  const wasm = await updateOn(page, 'wasm');
  expect(gpu.backend).toBe('webgpu');
  expect(wasm.backend).toBe('wasm');
  expect(gpu.targets).toHaveLength(7);
  console.log(`update check, webgpu vs wasm: ${AGENTS.map((n) => `${n} loss ${gpu.agents[n].loss} / ${wasm.agents[n].loss}, grad norm ${gpu.agents[n].gradNorm} / ${wasm.agents[n].gradNorm}`).join('; ')}`);
  for (const n of AGENTS) {
    const g = gpu.agents[n];
    const w = wasm.agents[n];
    expect(g.skipped, `${n} on WebGPU was skipped: ${g.reason ?? ''}`).toBe(false);
    expect(w.skipped).toBe(false);
    expect(Math.abs(g.loss - w.loss) / Math.max(Math.abs(w.loss), 1e-6), `${n} loss ${g.loss} vs wasm ${w.loss}`).toBeLessThan(1e-3);
    expect(Math.abs(g.gradNorm - w.gradNorm) / w.gradNorm, `${n} grad norm ${g.gradNorm} vs wasm ${w.gradNorm}`).toBeLessThan(1e-3);
    expect(g.tensors).toBe(28);
    expect(g.changedB, `${n}: LoRA B matrices moved on WebGPU`).toBe(g.totalB);
  }
});

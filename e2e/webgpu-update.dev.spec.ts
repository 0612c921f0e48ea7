// Training on WebGPU in Chromium is as correct as wasm: one GRPO update of the three agents on the fixture
// model, LoRA on every attention and MLP projection of every layer (28 gradients per agent, more than the
// 8 storage buffers a WebGPU kernel may bind by default), gives the same loss and gradient norm as wasm,
// skips nothing, and moves every adapter's B. The gpuErrors fixture fails it on any uncaptured GPU error.
import type { Page } from '@playwright/test';
import type { UpdateCheckReport } from '../src/rl/optim/updateCheck';
import { expect, test } from './fixtures';
import { routeSharedFixtures, served } from './sharedFixtures';
import { settled, tinyRun, warmImports, type TinyRun } from './trainer.fixtures';

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
        const { runUpdateCheck } = (await import(/* @vite-ignore */ src('rl/optim/updateCheck'))) as typeof import('../src/rl/optim/updateCheck');
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

interface StepReport {
  backend: string;
  loss: Record<string, number>;
  gradNorm: Record<string, number>;
  skipped: string[];
  /** LoRA B matrices that moved off zero, per agent, and how many each adapter has. */
  movedB: Record<string, number>;
  totalB: Record<string, number>;
  /** The sampled completions, to confirm both backends trained on the same rollouts. */
  outputs: string[];
}

/** One TrainingSession.runStep (rollout, scoring, credit, advantages, three updates) on `backend`, rewards spread by a hook. */
function sessionStepOn(page: Page, backend: 'webgpu' | 'wasm', setup: TinyRun): Promise<StepReport> {
  return settled(page, () =>
    page.evaluate(
      async ({ backend, model, listing, setup }) => {
        const src = (name: string) => `/src/${name}.ts`;
        const { initBackend } = (await import(/* @vite-ignore */ src('model/backend'))) as typeof import('../src/model/backend');
        const { Engine } = (await import(/* @vite-ignore */ src('model/engine'))) as typeof import('../src/model/engine');
        const { enableGradients } = (await import(/* @vite-ignore */ src('model/gradients'))) as typeof import('../src/model/gradients');
        const { loadTokenizer } = (await import(/* @vite-ignore */ src('model/tokenizer'))) as typeof import('../src/model/tokenizer');
        const { tokenizerCodec } = (await import(/* @vite-ignore */ src('rl/codec'))) as typeof import('../src/rl/codec');
        const { resolveConfig } = (await import(/* @vite-ignore */ src('rl/config'))) as typeof import('../src/rl/config');
        const { syntheticWorld } = (await import(/* @vite-ignore */ src('rl/syntheticWorld'))) as typeof import('../src/rl/syntheticWorld');
        const { rubricJudge } = (await import(/* @vite-ignore */ src('judge/rubric'))) as typeof import('../src/judge/rubric');
        const { TrainingSession } = (await import(/* @vite-ignore */ src('run/training/session'))) as typeof import('../src/run/training/session');
        await initBackend(backend, backend === 'wasm' ? { wasmPaths: '/node_modules/@tensorflow/tfjs-backend-wasm/dist/' } : {});
        await enableGradients();
        const base = `/__fixtures__/${model}`;
        const files = {
          location: base,
          has: (name: string) => Promise.resolve(listing.includes(`${base}/${name}`)),
          read: async (name: string) => {
            const res = await fetch(`${base}/${name}`);
            if (!res.ok) throw new Error(`${base}/${name}: HTTP ${res.status}`);
            return new Uint8Array(await res.arrayBuffer());
          },
        };
        const engine = await Engine.load(files);
        const codec = tokenizerCodec(await loadTokenizer(files));
        if (setup.dataset.kind !== 'synthetic') throw new Error('the check trains on a generated world');
        const session = new TrainingSession({
          engine,
          codec,
          dataset: syntheticWorld(setup.dataset),
          judge: rubricJudge(),
          setup: { ...setup, rl: resolveConfig(setup.rl) },
          adapterPrefix: `${backend}.`,
          // The fixture model's outputs score 0; spread rewards so every agent gets non-zero advantages.
          hooks: {
            rewards: (_step, rewards) =>
              rewards.forEach((group) =>
                group.forEach((r, i) => {
                  r.local = { extractor: i % 2, profiler: (i + 1) % 2, retriever: i % 2 };
                  r.global = i % 2;
                }),
              ),
          },
        });
        try {
          const out = await session.runStep();
          const movedB: Record<string, number> = {};
          const totalB: Record<string, number> = {};
          for (const [agent, name] of Object.entries(session.adapters)) {
            const bs = engine.adapter(name).variables().filter((v) => v.name.endsWith('.B'));
            totalB[agent] = bs.length;
            movedB[agent] = 0;
            for (const b of bs) if ((await b.data()).some((x) => x !== 0)) movedB[agent] += 1;
          }
          return {
            backend,
            loss: { ...out.metrics.loss },
            gradNorm: { ...out.metrics.gradNorm },
            skipped: [...out.metrics.skippedUpdates],
            movedB,
            totalB,
            outputs: out.trajectories.flatMap((t) => [t.outputs.extractor, t.outputs.profiler, t.outputs.retriever]),
          };
        } finally {
          session.dispose();
          engine.dispose();
        }
      },
      { backend, model: MODEL, listing: served(MODEL), setup },
    ),
  );
}

test.beforeEach(async ({ page }) => {
  await routeSharedFixtures(page);
  await page.goto('/');
  await warmImports(page, ['model/backend', 'model/engine', 'model/gradients', 'model/tokenizer', 'rl/codec', 'rl/syntheticWorld', 'judge/rubric', 'run/training/session', 'rl/optim/updateCheck']);
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

test('one TrainingSession step (rollout → rewards → credit → three updates) on WebGPU equals wasm, LoRA on every projection', async ({ page }) => {
  test.setTimeout(600_000);
  const setup: TinyRun = { ...tinyRun(1), lora: { r: 4, alpha: 8, targets: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] } };
  const gpu = await sessionStepOn(page, 'webgpu', setup);
  const wasm = await sessionStepOn(page, 'wasm', setup);
  console.log(`session step, webgpu vs wasm: ${AGENTS.map((n) => `${n} loss ${gpu.loss[n]} / ${wasm.loss[n]}, grad norm ${gpu.gradNorm[n]} / ${wasm.gradNorm[n]}, B moved ${gpu.movedB[n]}/${gpu.totalB[n]}`).join('; ')}`);
  expect(gpu.outputs, 'both backends sampled the same completions').toEqual(wasm.outputs);
  expect(gpu.skipped).toEqual([]);
  expect(wasm.skipped).toEqual([]);
  for (const n of AGENTS) {
    // At step 1 the ratio is 1, so a group's loss is ≈ −mean advantage: 0 up to float32 rounding (≈1e-8),
    // which a relative error cannot compare; below 1e-4 the tolerance is absolute (1e-7).
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-4);
    expect(wasm.gradNorm[n]).toBeGreaterThan(0);
    expect(rel(gpu.loss[n] ?? NaN, wasm.loss[n] ?? NaN), `${n} loss ${gpu.loss[n]} vs wasm ${wasm.loss[n]}`).toBeLessThan(1e-3);
    expect(rel(gpu.gradNorm[n] ?? NaN, wasm.gradNorm[n] ?? NaN), `${n} grad norm ${gpu.gradNorm[n]} vs wasm ${wasm.gradNorm[n]}`).toBeLessThan(1e-3);
    expect(gpu.totalB[n]).toBe(14);
    expect(gpu.movedB[n], `${n}: every LoRA B moved on WebGPU`).toBe(14);
  }
});

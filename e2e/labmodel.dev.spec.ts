// The untrained bundled team in the browser: comam-tiny loads from /models/comam-tiny/ through the
// bundled source (manifest-verified) and runs one full rollout (three agents, one question) on each backend.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

interface RolloutResult {
  backend: string;
  texts: string[];
  tokens: number[];
  formatOk: Record<string, boolean>;
  choice: number | null;
}

function runRollout(page: Page, backend: 'webgpu' | 'wasm'): Promise<RolloutResult> {
  return page.evaluate(async (backend) => {
    // Source modules served by Vite; URLs in variables so TypeScript leaves them to the browser.
    const url = (p: string) => `/src/${p}.ts`;
    const { initBackend } = (await import(/* @vite-ignore */ url('model/backend'))) as typeof import('../src/model/backend');
    const { Engine } = (await import(/* @vite-ignore */ url('model/engine'))) as typeof import('../src/model/engine');
    const { bundledFiles } = (await import(/* @vite-ignore */ url('model/sources/bundled'))) as typeof import('../src/model/sources/bundled');
    const { loadTokenizer } = (await import(/* @vite-ignore */ url('model/tokenizer'))) as typeof import('../src/model/tokenizer');
    const { Rng } = (await import(/* @vite-ignore */ url('model/rng'))) as typeof import('../src/model/rng');
    const { tokenizerCodec } = (await import(/* @vite-ignore */ url('rl/codec'))) as typeof import('../src/rl/codec');
    const { sampleTeam } = (await import(/* @vite-ignore */ url('rl/rollout'))) as typeof import('../src/rl/rollout');
    const { AGENTS, perAgent } = (await import(/* @vite-ignore */ url('agents/registry'))) as typeof import('../src/agents/registry');
    const { historyFor } = (await import(/* @vite-ignore */ url('env/mdp'))) as typeof import('../src/env/mdp');
    const { evalWorld } = (await import(/* @vite-ignore */ url('labmodel/corpus'))) as typeof import('../src/labmodel/corpus');
    // The dev server does not copy tfjs's .wasm binaries next to its pre-bundled module; point at the package's own.
    const report = await initBackend(backend, backend === 'wasm' ? { wasmPaths: '/node_modules/@tensorflow/tfjs-backend-wasm/dist/' } : {});
    const files = bundledFiles('comam-tiny');
    const engine = await Engine.load(files);
    const codec = tokenizerCodec(await loadTokenizer(files));
    const world = evalWorld(0);
    const question = world.questions[0];
    const context = world.contexts.find((c) => c.id === question.contextId);
    if (!context) throw new Error('no context');
    const [[traj]] = await sampleTeam(
      engine,
      codec,
      { templates: perAgent((n) => AGENTS[n].prompt), adapters: perAgent((): string | null => null) },
      [{ history: historyFor(context, question, 'train'), question }],
      { groupSize: 1, temperature: 0, topP: 1, maxTokens: 24, logprobs: false },
      new Rng(1),
    );
    engine.dispose();
    const samples = [traj.agents.extractor, traj.agents.profiler, traj.agents.retriever];
    return {
      backend: report.backend,
      texts: samples.map((s) => s.text),
      tokens: samples.map((s) => s.completionIds.length),
      formatOk: traj.formatOk,
      choice: traj.parsed.retriever.choice,
    };
  }, backend);
}

for (const backend of ['webgpu', 'wasm'] as const) {
  test(`the untrained comam-tiny team runs one full rollout on ${backend}`, async ({ page }) => {
    // WebGPU here is SwiftShader (a CPU rasterizer): every decode step costs about a second, so completions stay short.
    test.setTimeout(480_000);
    await page.goto('/');
    // The first import of a module may make Vite's dependency optimizer reload the page; run again then.
    let result: RolloutResult | undefined;
    for (let attempt = 0; attempt < 3 && result === undefined; attempt++) {
      try {
        result = await runRollout(page, backend);
      } catch (err) {
        if (!/Execution context was destroyed|navigation/.test(String(err))) throw err;
        await page.waitForLoadState('load');
      }
    }
    expect(result).toBeDefined();
    const r = result as RolloutResult;
    expect(r.backend).toBe(backend);
    expect(r.tokens).toHaveLength(3);
    for (const n of r.tokens) expect(n).toBeGreaterThan(0);
    expect(r.formatOk.extractor, r.texts[0]).toBe(true);
  });
}

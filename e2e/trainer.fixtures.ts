// Shared by the trainer-worker e2e specs (dev server): the fixture model served as a bundled model by
// context.route, waiting out Vite's first-import reloads, the tiny run setup they train, and training it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import type { RunSetup } from '../src/run/runSetup';
import type { RlConfig } from '../src/rl/config';

export const FIXTURE_MODEL = 'tiny-llama-f32';
const DIR = join(process.cwd(), '..', 'shared', 'fixtures', 'models', FIXTURE_MODEL);
const FILES = readdirSync(DIR).filter((f) => statSync(join(DIR, f)).isFile() && f !== 'reference.json');
const MANIFEST = {
  files: FILES.map((path) => {
    const body = readFileSync(join(DIR, path));
    return { path, size: body.length, sha256: createHash('sha256').update(body).digest('hex') };
  }),
};

/** Serve the fixture model at /models/tiny-llama-f32/ (manifest included) to every page of the context. */
export async function routeFixtureModel(context: BrowserContext): Promise<void> {
  await context.route(`**/models/${FIXTURE_MODEL}/**`, async (route) => {
    const name = decodeURIComponent(new URL(route.request().url()).pathname.split(`/models/${FIXTURE_MODEL}/`)[1] ?? '');
    if (name === 'manifest.json') return route.fulfill({ status: 200, body: JSON.stringify(MANIFEST), contentType: 'application/json' });
    if (!FILES.includes(name)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, body: readFileSync(join(DIR, name)), contentType: 'application/octet-stream' });
  });
}

/** What a page shows while Vite re-optimizes dependencies and reloads it. */
const RELOADING = /Execution context was destroyed|navigation|Failed to fetch dynamically imported module/;

/**
 * Vite's dev server optimizes new dependencies on first import and reloads the page: import the
 * trainer's modules (unless `trainer: false`) and `extra` ones (a spec's own, paths under src/ without
 * .ts) until that settles.
 */
export async function warmImports(page: Page, extra: readonly string[] = [], opts: { trainer?: boolean } = {}): Promise<void> {
  const modules = [...(opts.trainer === false ? [] : ['homes/trainer/workerTrainer', 'rl/config', 'homes/storage/db', 'homes/storage/runs']), ...extra];
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await page.evaluate(async (list) => {
        for (const m of list) await import(/* @vite-ignore */ `/src/${m}.ts`);
      }, modules);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1000);
      if (await page.evaluate(() => document.readyState === 'complete')) return;
    } catch (err) {
      if (!RELOADING.test(String(err))) throw err;
      await page.waitForTimeout(1000);
      await page.waitForLoadState('load');
    }
  }
}

/**
 * Run `evaluate` (a page.evaluate call) again when Vite's dependency optimizer reloaded the page under it
 * (a worker's first import of a dependency can do that once); anything else is thrown.
 */
export async function settled<R>(page: Page, evaluate: () => Promise<R>): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await evaluate();
    } catch (err) {
      if (attempt >= 2 || !RELOADING.test(String(err))) throw err;
      await page.waitForLoadState('load');
      await warmImports(page);
    }
  }
}

/** A run setup whose GRPO settings are still partial: the page resolves them with resolveConfig. */
export type TinyRun = Omit<RunSetup, 'rl'> & { rl: Partial<RlConfig> };

/** A tiny run on the fixture model (rl is resolved in the page with resolveConfig). */
export function tinyRun(steps: number, seed = 3): TinyRun {
  return {
    dataset: { kind: 'synthetic', seed: 5, personas: 2, sessionsPerPersona: 2, turnsPerSession: 4, distractorRatio: 0 },
    model: { kind: 'bundled', name: FIXTURE_MODEL },
    precision: 'f32',
    judge: { kind: 'rubric' },
    prompts: { extractor: 'H:\n{{history}}\nM:', profiler: 'M:\n{{memory}}\nP:', retriever: '{{memory}}|{{profile}}|{{question}}|{{options}}\nA:' },
    rl: { num_generations: 2, max_completion_length: 4, learning_rate: 0.05 },
    lora: { r: 4, alpha: 8, targets: ['q_proj', 'v_proj'] },
    questionsPerStep: 1,
    steps,
    checkpointEvery: 1,
    seed,
    maxPromptTokens: 160,
  };
}

/** Train `tinyRun(steps)` to its end in a trainer worker of the page on `backend`; returns the run id. */
export function trainInPage(page: Page, backend: 'webgpu' | 'wasm' | 'cpu', steps = 2): Promise<string> {
  return settled(page, () =>
    page.evaluate(
      async ({ setup, backend }) => {
        const src = (name: string) => `/src/${name}.ts`;
        const { createWorkerTrainer } = (await import(/* @vite-ignore */ src('homes/trainer/workerTrainer'))) as typeof import('../src/homes/trainer/workerTrainer');
        const { resolveConfig } = (await import(/* @vite-ignore */ src('rl/config'))) as typeof import('../src/rl/config');
        const { trainer } = createWorkerTrainer(backend);
        const done = new Promise<void>((resolve, reject) =>
          trainer.subscribe((e) => {
            if (e.kind === 'status' && e.status === 'done') resolve();
            if (e.kind === 'status' && e.status === 'failed') reject(new Error(e.message));
            if (e.kind === 'error') reject(new Error(`${e.error.name}: ${e.error.message}`));
          }),
        );
        const { runId } = await trainer.start({ ...setup, rl: resolveConfig(setup.rl) });
        await done;
        return runId;
      },
      { setup: tinyRun(steps), backend },
    ),
  );
}

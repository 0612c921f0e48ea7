// Adapter export/import and the all-runs backup in Chromium: a real 2-step run in the trainer worker
// (cpu backend; fixture model served as a bundled model), its adapters exported from the Adapters panel and checked
// against PEFT's format in Node, imported into a fresh browser context where they generate the same
// tokens; then export all → fresh context (no site data) → import gives back every run, metric and memory item.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { expect, test } from './fixtures';
import { FIXTURE_MODEL, routeFixtureModel, trainInPage, warmImports } from './trainer.fixtures';

const MODEL = FIXTURE_MODEL;
const DIR = join(process.cwd(), '..', 'shared', 'fixtures', 'models', MODEL);
const CONFIG = JSON.parse(readFileSync(join(DIR, 'config.json'), 'utf8')) as { num_hidden_layers: number; hidden_size: number; num_attention_heads: number; num_key_value_heads: number };
const AGENTS = ['extractor', 'profiler', 'retriever'] as const;

/** Open the page and wait out Vite's first-import reloads (the export modules and the trainer worker's too). */
async function open(page: Page, search: string): Promise<void> {
  await page.goto(`/${search}`);
  await warmImports(page, ['export/runAdapters', 'export/importAdapters', 'export/backupCodec', 'model/engine', 'model/backend', 'model/gradients', 'model/sources/bundled', 'env/generator', 'judge/webllm', 'homes/browserDeps', 'run/trainer', 'homes/trainer/trainerHost']);
}

/** Each agent's tokens for fixed prompts and seed, with the run's stored adapter, on the cpu backend in the page. */
function generations(page: Page, runId: string, agents: readonly (typeof AGENTS)[number][] = AGENTS) {
  return page.evaluate(
    async ({ runId, model, agents }) => {
      const src = (name: string) => `/src/${name}.ts`;
      const { initBackend } = (await import(/* @vite-ignore */ src('model/backend'))) as typeof import('../src/model/backend');
      const { Engine } = (await import(/* @vite-ignore */ src('model/engine'))) as typeof import('../src/model/engine');
      const { bundledFiles } = (await import(/* @vite-ignore */ src('model/sources/bundled'))) as typeof import('../src/model/sources/bundled');
      const { labDb } = (await import(/* @vite-ignore */ src('homes/storage/db'))) as typeof import('../src/homes/storage/db');
      const { generateWithRunAdapter, loadRunAdapter } = (await import(/* @vite-ignore */ src('export/runAdapters'))) as typeof import('../src/export/runAdapters');
      await initBackend('cpu');
      const engine = await Engine.load(bundledFiles(model));
      const prompts = [
        [5, 17, 42, 9, 100, 3],
        [7, 8, 9],
      ];
      const out: Record<string, number[][]> = {};
      for (const agent of agents) {
        const g = await generateWithRunAdapter(engine, labDb(), runId, agent, prompts, { seed: 11, temperature: 1, maxTokens: 8 });
        out[agent] = g.map((x) => x.ids);
      }
      // The adapter is really applied: logits with it differ from the base's.
      const name = await loadRunAdapter(engine, labDb(), runId, agents[agents.length - 1]);
      const batch = { ids: [prompts[0]], valid: [prompts[0].map(() => 1)] };
      engine.setActiveAdapter(name);
      const withAdapter = await engine.logits(batch).data();
      engine.setActiveAdapter(null);
      const base = await engine.logits(batch).data();
      let diff = 0;
      for (let i = 0; i < base.length; i++) diff = Math.max(diff, Math.abs(withAdapter[i] - base[i]));
      engine.dispose();
      return { out, diff };
    },
    { runId, model: MODEL, agents },
  );
}

/** The fixture's PEFT adapter (written by Python PEFT, non-zero B) zipped at the top level, as a single adapter. */
const PEFT_ZIP = Buffer.from(zipSync({ 'adapter_config.json': readFileSync(join(DIR, 'adapter', 'adapter_config.json')), 'adapter_model.safetensors': readFileSync(join(DIR, 'adapter', 'adapter_model.safetensors')) }));

async function importSingle(page: Page): Promise<void> {
  await page.getByLabel('A single adapter is for').selectOption('retriever');
  await page.getByLabel('Adapter zip').setInputFiles({ name: 'peft-retriever.zip', mimeType: 'application/zip', buffer: PEFT_ZIP });
  await expect(page.getByTestId('adapters.message')).toContainText(`Imported retriever (r 4, lora_alpha 8, q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj) onto ${MODEL} as run imported-adapters.`);
}

/** How many runs the page's IndexedDB holds. */
function storedRuns(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = '/src/homes/storage/db.ts';
    return ((await import(/* @vite-ignore */ db)) as typeof import('../src/homes/storage/db')).labDb().runs.count();
  });
}

/** The safetensors header of a file: tensor name → shape. */
function header(bytes: Uint8Array): Map<string, number[]> {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  const json = JSON.parse(strFromU8(bytes.subarray(8, 8 + n))) as Record<string, { shape: number[] }>;
  return new Map(Object.entries(json).filter(([k]) => k !== '__metadata__').map(([k, v]) => [k, v.shape]));
}

test('a short run’s three adapters export as PEFT folders and, imported into a fresh page, generate the same tokens', async ({ page, browser }, info) => {
  test.setTimeout(420_000);
  await routeFixtureModel(page.context());
  await open(page, `?model=bundled:${MODEL}`);
  // The cpu backend in the worker: the same trainer path as WebGPU, without SwiftShader's shader compiles on a busy machine.
  const runId = await trainInPage(page, 'cpu');

  // The Adapters panel lists the run (read when the page opens) with all three agents chosen.
  await page.reload();
  const row = page.getByTestId(`adapters.run.${runId}`);
  await expect(row).toBeVisible();
  for (const a of AGENTS) await expect(page.getByRole('checkbox', { name: `Export the ${a} adapter of run ${runId}` })).toBeChecked();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Export adapters of run ${runId}` }).click()]);
  expect(download.suggestedFilename()).toBe(`comam-lab-${runId}-adapters.zip`);
  const zipPath = info.outputPath('adapters.zip');
  await download.saveAs(zipPath);
  const zip = new Uint8Array(readFileSync(zipPath));

  // PEFT's format: folder per agent, exact key names and shapes for this Llama, config fields.
  const entries = unzipSync(zip);
  expect(Object.keys(entries).sort()).toEqual(['README.md', ...AGENTS.flatMap((a) => [`${a}/adapter_config.json`, `${a}/adapter_model.safetensors`]), 'run_config.json']);
  const headDim = CONFIG.hidden_size / CONFIG.num_attention_heads;
  const out = { q_proj: CONFIG.num_attention_heads * headDim, v_proj: CONFIG.num_key_value_heads * headDim };
  const expected = new Map<string, number[]>();
  for (let layer = 0; layer < CONFIG.num_hidden_layers; layer++) {
    for (const t of ['q_proj', 'v_proj'] as const) {
      expected.set(`base_model.model.model.layers.${layer}.self_attn.${t}.lora_A.weight`, [4, CONFIG.hidden_size]);
      expected.set(`base_model.model.model.layers.${layer}.self_attn.${t}.lora_B.weight`, [out[t], 4]);
    }
  }
  for (const a of AGENTS) {
    const cfg = JSON.parse(strFromU8(entries[`${a}/adapter_config.json`])) as Record<string, unknown>;
    expect(cfg).toMatchObject({ peft_type: 'LORA', task_type: 'CAUSAL_LM', base_model_name_or_path: `public/models/${MODEL}`, r: 4, lora_alpha: 8, target_modules: ['q_proj', 'v_proj'], bias: 'none' });
    expect(header(entries[`${a}/adapter_model.safetensors`])).toEqual(expected);
  }
  const card = strFromU8(entries['README.md']);
  expect(card).toContain(`base_model: public/models/${MODEL}`);
  expect(card).toContain('Steps stored: 2. Adapters from step 2');
  expect(card).toMatch(/## Final metrics\nAt step 2:/);
  expect(JSON.parse(strFromU8(entries['run_config.json']))).toMatchObject({ run_id: runId, base_model: `public/models/${MODEL}`, steps: 2, adapter_step: 2, setup: { lora: { r: 4, alpha: 8 } } });

  const before = await generations(page, runId);
  // A 2-step run on a random fixture model earns no reward spread, so GRPO leaves B = 0 and the trained
  // adapters generate what the base does; a PEFT adapter with non-zero B shows the imported path changes tokens.
  await importSingle(page);
  const peftBefore = await generations(page, 'imported-adapters', ['retriever']);
  expect(peftBefore.diff).toBeGreaterThan(0);

  // A fresh browser context: no site data. A base that does not fit is refused and nothing is stored.
  const fresh = await browser.newContext({ baseURL: info.project.use.baseURL });
  try {
    await routeFixtureModel(fresh);
    const page2 = await fresh.newPage();
    await open(page2, '?model=bundled:comam-tiny');
    await expect(page2.getByTestId('adapters.empty')).toBeVisible();
    await page2.getByLabel('Adapter zip').setInputFiles({ name: 'adapters.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    await expect(page2.getByRole('alert').filter({ hasText: 'AdapterMismatchError' })).toContainText(`trained on "public/models/${MODEL}", not on the chosen base "comam-tiny"`);
    expect(await storedRuns(page2)).toBe(0);

    await open(page2, `?model=bundled:${MODEL}`);
    await page2.getByLabel('Adapter zip').setInputFiles({ name: 'adapters.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    await expect(page2.getByTestId('adapters.message')).toContainText(`Imported extractor, profiler, retriever (r 4, lora_alpha 8, q_proj, v_proj) onto ${MODEL} as run imported-${runId}.`);
    await expect(page2.getByTestId(`adapters.run.imported-${runId}`)).toBeVisible();
    const after = await generations(page2, `imported-${runId}`);
    expect(after.out).toEqual(before.out);
    expect(after.diff).toBe(before.diff);
    await importSingle(page2);
    const peftAfter = await generations(page2, 'imported-adapters', ['retriever']);
    expect(peftAfter).toEqual(peftBefore);
  } finally {
    await fresh.close();
  }
});

test('export all runs → fresh context without site data → import gives the same runs, metrics and memory items', async ({ page, browser }, info) => {
  test.setTimeout(240_000);
  await open(page, '');
  // Two runs and a dataset written through the stores the trainer and the Dataset panel use.
  await page.evaluate(async () => {
    const src = (name: string) => `/src/${name}.ts`;
    const { labDb, putDataset } = (await import(/* @vite-ignore */ src('homes/storage/db'))) as typeof import('../src/homes/storage/db');
    const { DexieRunStore } = (await import(/* @vite-ignore */ src('homes/storage/runs'))) as typeof import('../src/homes/storage/runs');
    const { resolveConfig } = (await import(/* @vite-ignore */ src('rl/config'))) as typeof import('../src/rl/config');
    const { generateWorld } = (await import(/* @vite-ignore */ src('env/generator'))) as typeof import('../src/env/generator');
    const db = labDb();
    const store = new DexieRunStore(db);
    const per = <T,>(f: (a: 'extractor' | 'profiler' | 'retriever') => T) => ({ extractor: f('extractor'), profiler: f('profiler'), retriever: f('retriever') });
    const stat = (m: number) => ({ mean: m, min: m, max: m });
    for (const [id, steps] of [['run-one', 3], ['run-two', 1]] as const) {
      const setup = {
        dataset: { kind: 'synthetic' as const, seed: 5, personas: 2, sessionsPerPersona: 2, turnsPerSession: 4, distractorRatio: 0 },
        model: { kind: 'bundled' as const, name: 'tiny-llama-f32' },
        precision: 'f32' as const,
        judge: { kind: 'rubric' as const },
        prompts: per(() => '{{history}}'),
        rl: resolveConfig({ num_generations: 2 }),
        lora: { r: 4, alpha: 8, targets: ['q_proj'] },
        questionsPerStep: 1,
        steps,
        checkpointEvery: 1,
        seed: 1,
      };
      await store.createRun({ id, setup, status: 'done', createdAt: id === 'run-one' ? 1000 : 2000, updatedAt: 3000, step: 0, checkpointStep: 0, baseModel: 'tiny-llama-f32' });
      for (let step = 1; step <= steps; step++) {
        const metrics = {
          step, local: per(() => stat(step / 10)), global: stat(step / 4), weights: per(() => 1 / 3), loss: per(() => 0.5 / step), kl: per(() => NaN), entropy: per(() => 2),
          gradNorm: per(() => 1), tokensPerSec: 50, zeroSpreadFraction: 0.5, nanRewards: 1, skippedUpdates: [], wallMs: 10,
        };
        const t = {
          step, question_id: `q${step}`, persona_id: 'p1', question_type: 'recall_user_shared_facts', group: 0, trajectory: 0, local: per(() => NaN), global: 1,
          ndcg: per(() => 1), weights: per(() => 1 / 3), integrated: per(() => 0.1), advantage: per(() => -0), rank: { ...per(() => 1), global: 1 },
          format_ok: per(() => true), outputs: per((a) => `${a} output ${step}`), logprobs: per(() => [-1.5, -Infinity]), choice: 1,
        };
        const bytes = new Uint8Array([step, 2, 3, 255]);
        await store.commitStep({
          runId: id, step, metrics, trajectories: [t, { ...t, trajectory: 1, choice: null }], notes: [`step ${step}`], now: 3000 + step,
          memoryItems: [{ step, questionId: `q${step}`, personaId: 'p1', group: 0, trajectory: 0, agent: 'profiler', kind: 'coarse', text: `profile after ${step}` }],
          checkpoint: { runId: id, step, createdAt: step, state: { step, adapters: per(() => [[0.5]]), optimizers: per(() => ({ step, m: [[0]], v: [[0]] })), rng: [1, 2, 3, 4], cursor: { epoch: 0, offset: step } } as never, peft: per(() => ({ 'adapter_config.json': bytes, 'adapter_model.safetensors': bytes })) },
        });
      }
    }
    await putDataset(db, generateWorld({ seed: 2, personas: 2, sessionsPerPersona: 2, turnsPerSession: 4, topicsPerPersona: 2 }));
  });
  const snapshot = (p: Page) =>
    p.evaluate(async () => {
      const src = (name: string) => `/src/${name}.ts`;
      const { labDb } = (await import(/* @vite-ignore */ src('homes/storage/db'))) as typeof import('../src/homes/storage/db');
      const { listRuns, runMetrics, runMemoryItems } = (await import(/* @vite-ignore */ src('homes/storage/runs'))) as typeof import('../src/homes/storage/runs');
      const { encodeValue } = (await import(/* @vite-ignore */ src('export/backupCodec'))) as typeof import('../src/export/backupCodec');
      const db = labDb();
      const runs = await listRuns(db);
      const per = await Promise.all(runs.map(async (r) => ({ id: r.id, metrics: await runMetrics(db, r.id), memory: await runMemoryItems(db, r.id) })));
      const tables: Record<string, unknown> = {};
      for (const t of ['runs', 'metrics', 'trajectories', 'memoryItems', 'checkpoints', 'adapters', 'datasets', 'personas', 'contexts', 'questions']) tables[t] = await db.table(t).toArray();
      return JSON.stringify(encodeValue({ runs, per, tables }));
    });
  const original = await snapshot(page);
  expect(original).toContain('"run-one"');

  await page.reload();
  await expect(page.getByTestId('storage.usage')).toHaveAttribute('data-usage', /\d+/);
  await page.getByRole('button', { name: /Ask the browser to keep this data/ }).click();
  await expect(page.getByTestId('storage.persistAnswer')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all runs' }).click()]);
  await expect(page.getByTestId('storage.message')).toContainText(/Saved comam-lab-backup-\d{4}-\d{2}-\d{2}\.zip/);
  const backupPath = info.outputPath('backup.zip');
  await download.saveAs(backupPath);
  const backup = readFileSync(backupPath);

  const fresh = await browser.newContext({ baseURL: info.project.use.baseURL });
  try {
    const page2 = await fresh.newPage();
    await open(page2, '');
    const importInput = page2.getByLabel('Import runs from a backup file');
    // A truncated file: named error, nothing written.
    await importInput.setInputFiles({ name: 'cut.zip', mimeType: 'application/zip', buffer: backup.subarray(0, Math.floor(backup.length * 0.6)) });
    await expect(page2.getByTestId('storage.error')).toHaveAttribute('data-error', 'BackupFormatError');
    await expect(page2.getByTestId('storage.error')).toContainText('Nothing was imported');
    expect(await storedRuns(page2)).toBe(0);

    await importInput.setInputFiles({ name: 'backup.zip', mimeType: 'application/zip', buffer: backup });
    await expect(page2.getByTestId('storage.message')).toContainText('Imported 2 run(s), 0 experiment(s) and 1 dataset(s).');
    await expect(page2.getByTestId('adapters.run.run-one')).toBeVisible();
    expect(await snapshot(page2)).toBe(original);

    // The same file again: every run is already there and is kept, with a message.
    await importInput.setInputFiles({ name: 'backup.zip', mimeType: 'application/zip', buffer: backup });
    await expect(page2.getByTestId('storage.message')).toContainText('Skipped 3 already stored here');
    expect(await snapshot(page2)).toBe(original);
  } finally {
    await fresh.close();
  }
});

// Training in Chromium through the trainer worker on WebGPU: two steps of a tiny run on the fixture
// model (served as a bundled model by context.route), then the run, its metrics and its memory items
// are read back from IndexedDB after a reload.
import { expect, test } from './fixtures';
import { FIXTURE_MODEL, routeFixtureModel, warmImports } from './trainer.fixtures';

const MODEL = FIXTURE_MODEL;

test.beforeEach(async ({ page }) => {
  await routeFixtureModel(page.context());
  await page.goto('/');
  await warmImports(page);
});

test('trains 2 steps on WebGPU in the trainer worker; run, metrics and memory items survive a reload', async ({ page }) => {
  // SwiftShader compiles a pipeline per new tensor shape; on 2 shared cores under load 2 steps took over 5 min.
  test.setTimeout(600_000);
  const outcome = await page.evaluate(async (model) => {
    const src = (name: string) => `/src/${name}.ts`;
    const { createWorkerTrainer } = (await import(/* @vite-ignore */ src('homes/trainer/workerTrainer'))) as typeof import('../src/homes/trainer/workerTrainer');
    const { resolveConfig } = (await import(/* @vite-ignore */ src('rl/config'))) as typeof import('../src/rl/config');
    const { trainer } = createWorkerTrainer('webgpu');
    const statuses: string[] = [];
    const labels: string[] = [];
    const done = new Promise<void>((resolve, reject) =>
      trainer.subscribe((e) => {
        if (e.kind === 'status') statuses.push(e.status + (e.message ? `: ${e.message}` : ''));
        if (e.kind === 'progress') labels.push(e.label);
        if (e.kind === 'status' && e.status === 'done') resolve();
        if (e.kind === 'status' && e.status === 'failed') reject(new Error(e.message));
        if (e.kind === 'error') reject(new Error(`${e.error.name}: ${e.error.message}`));
      }),
    );
    const { runId } = await trainer.start({
      dataset: { kind: 'synthetic', seed: 5, personas: 2, sessionsPerPersona: 2, turnsPerSession: 4, distractorRatio: 0 },
      model: { kind: 'bundled', name: model },
      precision: 'f32',
      judge: { kind: 'rubric' },
      prompts: { extractor: 'H:\n{{history}}\nM:', profiler: 'M:\n{{memory}}\nP:', retriever: '{{memory}}|{{profile}}|{{question}}|{{options}}\nA:' },
      rl: resolveConfig({ num_generations: 2, max_completion_length: 4, learning_rate: 0.05 }),
      lora: { r: 4, alpha: 8, targets: ['q_proj', 'v_proj'] },
      questionsPerStep: 1,
      steps: 2,
      checkpointEvery: 1,
      seed: 3,
      maxPromptTokens: 160,
    });
    await done;
    return { runId, statuses, sampled: labels.filter((l) => /^sampling agent \d of 3 for trajectory \d of 2$/.test(l)).length, compile: labels.some((l) => /backend/.test(l)) };
  }, MODEL);
  expect(outcome.statuses).toEqual(['loading', 'running', 'done']);
  expect(outcome.sampled).toBe(2 * 3 * 2);
  expect(outcome.compile).toBe(true);

  await page.reload();
  await warmImports(page);
  const stored = await page.evaluate(async (runId) => {
    const src = (name: string) => `/src/${name}.ts`;
    const { labDb } = (await import(/* @vite-ignore */ src('homes/storage/db'))) as typeof import('../src/homes/storage/db');
    const runs = (await import(/* @vite-ignore */ src('homes/storage/runs'))) as typeof import('../src/homes/storage/runs');
    const db = labDb();
    const run = await db.runs.get(runId);
    return {
      status: run?.status,
      step: run?.step,
      metrics: (await runs.runMetrics(db, runId)).map((m) => m.step),
      memory: (await runs.runMemoryItems(db, runId)).length,
      trajectories: (await runs.runTrajectories(db, runId)).length,
      checkpoints: await db.checkpoints.where('runId').equals(runId).count(),
    };
  }, outcome.runId);
  expect(stored).toMatchObject({ status: 'done', step: 2, metrics: [1, 2], trajectories: 4, checkpoints: 2 });
  expect(stored.memory).toBeGreaterThan(0);
});

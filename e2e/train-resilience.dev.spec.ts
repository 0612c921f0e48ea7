// The trainer worker when things go wrong in Chromium: the WebGPU device destroyed mid-run (the worker's
// e2e-only test hook calls device.destroy()) pauses the run, which resumes from its checkpoint on a fresh
// device; and a second tab cannot train a run another tab holds (Web Locks) until that tab lets go.
import { expect, test } from './fixtures';
import { routeFixtureModel, settled, tinyRun, warmImports } from './trainer.fixtures';

test.beforeEach(async ({ page }) => {
  await routeFixtureModel(page.context());
  await page.goto('/');
  await warmImports(page);
});

test('device.destroy() mid-run on WebGPU: the run pauses with a message and resumes from its checkpoint on a fresh device', async ({ page }) => {
  test.setTimeout(900_000);
  const outcome = await settled(page, () =>
    page.evaluate(async (setup) => {
      const src = (name: string) => `/src/${name}.ts`;
      const { createWorkerTrainer } = (await import(/* @vite-ignore */ src('homes/trainer/workerTrainer'))) as typeof import('../src/homes/trainer/workerTrainer');
      const { resolveConfig } = (await import(/* @vite-ignore */ src('rl/config'))) as typeof import('../src/rl/config');
      const { labDb } = (await import(/* @vite-ignore */ src('homes/storage/db'))) as typeof import('../src/homes/storage/db');
      const runs = (await import(/* @vite-ignore */ src('homes/storage/runs'))) as typeof import('../src/homes/storage/runs');
      const { trainer, worker } = createWorkerTrainer('webgpu', { testHooks: true });
      const statuses: string[] = [];
      const backendStarts: string[] = [];
      const waiters: { test: (s: string) => boolean; resolve: () => void }[] = [];
      const failed = new Promise<never>((_, reject) =>
        trainer.subscribe((e) => {
          if (e.kind === 'error') reject(new Error(`${e.error.name}: ${e.error.message}`));
          if (e.kind === 'progress' && /starting the webgpu backend/.test(e.label)) backendStarts.push(e.label);
          const line = e.kind === 'status' ? `status ${e.status}${e.message ? `: ${e.message}` : ''}` : e.kind === 'step' ? `step ${e.metrics.step}` : '';
          if (line === '') return;
          statuses.push(line);
          if (e.kind === 'status' && e.status === 'failed') reject(new Error(line));
          for (const w of waiters.splice(0)) if (!w.test(line)) waiters.push(w);
          else w.resolve();
        }),
      );
      const seen = (test: (s: string) => boolean) =>
        statuses.some(test) ? Promise.resolve() : Promise.race([failed, new Promise<void>((resolve) => waiters.push({ test, resolve }))]);

      const { runId } = await trainer.start({ ...setup, rl: resolveConfig(setup.rl) });
      await seen((s) => s === 'step 1');
      // Step 1 is committed with its checkpoint; step 2 is under way on the GPU when the device goes.
      worker.postMessage({ kind: 'test:destroy-device' });
      await seen((s) => s.startsWith('status paused'));
      const paused = statuses.find((s) => s.startsWith('status paused')) ?? '';
      const db = labDb();
      const atPause = { status: (await db.runs.get(runId))?.status, metrics: (await runs.runMetrics(db, runId)).map((m) => m.step) };
      await trainer.resume(runId);
      await seen((s) => s === 'status done');
      const run = await db.runs.get(runId);
      return {
        statuses,
        paused,
        atPause,
        backendStarts: backendStarts.length,
        run: { status: run?.status, step: run?.step, checkpointStep: run?.checkpointStep },
        metrics: (await runs.runMetrics(db, runId)).map((m) => m.step),
        trajectories: (await runs.runTrajectories(db, runId)).length,
        checkpoints: await db.checkpoints.where('runId').equals(runId).count(),
      };
    }, tinyRun(2)),
  );
  expect(outcome.paused).toMatch(/^status paused: The GPU device was lost \(.+\)\. Resume to continue from the checkpoint at step 1 on a fresh device\.$/);
  expect(outcome.atPause).toEqual({ status: 'paused', metrics: [1] });
  // Loaded twice: once at start, once on resume, each time starting the WebGPU backend on a new device.
  expect(outcome.backendStarts).toBe(2);
  expect(outcome.statuses.filter((s) => s.startsWith('step '))).toEqual(['step 1', 'step 2']);
  expect(outcome.statuses.at(-1)).toBe('status done');
  expect(outcome.run).toEqual({ status: 'done', step: 2, checkpointStep: 2 });
  expect(outcome.metrics).toEqual([1, 2]);
  expect(outcome.trajectories).toBe(4);
  expect(outcome.checkpoints).toBe(2);
});

test('a second tab cannot train a run another tab is training (Web Locks), and can once that tab stops', async ({ page }) => {
  test.setTimeout(300_000);
  const second = await page.context().newPage();
  await second.goto('/');
  await warmImports(second);

  // Tab 1 trains an open-ended run (steps 0) on the cpu backend; the lock does not depend on the device.
  await settled(page, () =>
    page.evaluate(async (setup) => {
      const src = (name: string) => `/src/${name}.ts`;
      const { createWorkerTrainer } = (await import(/* @vite-ignore */ src('homes/trainer/workerTrainer'))) as typeof import('../src/homes/trainer/workerTrainer');
      const { resolveConfig } = (await import(/* @vite-ignore */ src('rl/config'))) as typeof import('../src/rl/config');
      const { trainer } = createWorkerTrainer('cpu');
      const running = new Promise<void>((resolve) => trainer.subscribe((e) => e.kind === 'step' && resolve()));
      const { runId } = await trainer.start({ ...setup, rl: resolveConfig(setup.rl) });
      await running;
      (globalThis as { tab1?: { trainer: typeof trainer; runId: string } }).tab1 = { trainer, runId };
    }, tinyRun(0)),
  );
  const runId = await page.evaluate(() => (globalThis as unknown as { tab1: { runId: string } }).tab1.runId);

  const refused = await second.evaluate(async (runId) => {
    const src = (name: string) => `/src/${name}.ts`;
    const { createWorkerTrainer } = (await import(/* @vite-ignore */ src('homes/trainer/workerTrainer'))) as typeof import('../src/homes/trainer/workerTrainer');
    const { trainer } = createWorkerTrainer('cpu');
    (globalThis as { tab2?: typeof trainer }).tab2 = trainer;
    try {
      await trainer.resume(runId);
      return { name: 'none', message: 'resume was accepted' };
    } catch (err) {
      return { name: (err as Error).name, message: (err as Error).message };
    }
  }, runId);
  expect(refused.name).toBe('RunLockedError');
  expect(refused.message).toBe(`Run ${runId} is training in another tab. Switch to that tab, or close it and resume here.`);

  // Tab 1 is still training, untouched by the refused request.
  const stepsBefore = await page.evaluate(async () => {
    const { tab1 } = globalThis as unknown as { tab1: { trainer: import('../src/homes/trainer/workerTrainer').WorkerTrainer; runId: string } };
    const next = new Promise<number>((resolve) => tab1.trainer.subscribe((e) => e.kind === 'step' && resolve(e.metrics.step)));
    const step = await next;
    await tab1.trainer.stop();
    return step;
  });
  expect(stepsBefore).toBeGreaterThanOrEqual(2);

  const resumed = await second.evaluate(async (runId) => {
    const trainer = (globalThis as unknown as { tab2: import('../src/homes/trainer/workerTrainer').WorkerTrainer }).tab2;
    const steps: number[] = [];
    const stepped = new Promise<void>((resolve) =>
      trainer.subscribe((e) => {
        if (e.kind !== 'step') return;
        steps.push(e.metrics.step);
        resolve();
      }),
    );
    await trainer.resume(runId);
    await stepped;
    await trainer.stop();
    return steps;
  }, runId);
  expect(resumed.length).toBeGreaterThan(0);
  expect(resumed[0]).toBeGreaterThanOrEqual(2);
  await second.close();
});

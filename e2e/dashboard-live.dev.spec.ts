// e2e (dev server): the dashboard driven by a SCRIPTED TrainerApi and an in-memory RunHistorySource.
// E2E-ONLY TEST HOOK: both doubles are defined here, in the test, and injected into the page's store
// through the dev server's source modules; nothing of them ships in the product. They stand in for
// the real trainer worker (issue 8) only to exercise the controls, progress bars, charts and history;
// acceptance 1 (a real run on WebGPU) needs the real trainer and is not this test.
import type { Page } from '@playwright/test';
import { attachScreenshot, ChartsPanel, HistoryPanel, RunControlsPanel, SetupPanel } from './dashboard.fixtures';
import { expect, test } from './fixtures';

/** Opens the page once the dev server has optimized its dependencies (its first load may reload the page). */
async function openSettled(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1000);
  await page.goto('/');
  await page.waitForLoadState('networkidle');
}

/** Installs the scripted trainer (steps every 250 ms while running) and a history holding runs "past-a" and "past-b". */
async function installScriptedTrainer(page: Page): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await page.evaluate(async () => {
        const storeUrl = '/src/store/app.ts';
        type Listener = (e: unknown) => void;
        interface Store {
          getState(): {
            attachTrainer(api: unknown): void;
            attachHistory(source: unknown): Promise<void>;
          };
        }
        const { useAppStore } = (await import(/* @vite-ignore */ storeUrl)) as { useAppStore: Store };
        const per = <T,>(f: (i: number) => T) => ({ extractor: f(0), profiler: f(1), retriever: f(2) });
        const metrics = (step: number) => {
          const g = Math.min(1, 0.2 + 0.05 * step);
          const w = per((i) => [0.5, 0.3, 0.2][i]);
          return {
            step,
            local: per((i) => ({ mean: 0.3 + 0.1 * i + 0.02 * step, min: 0.1 * i, max: 0.6 + 0.1 * i })),
            global: { mean: g, min: 0, max: 1 },
            weights: w,
            loss: per((i) => 1 / (step + 1 + i)),
            kl: per(() => 0.01 * step),
            entropy: per(() => 2 - 0.01 * step),
            gradNorm: per(() => 0.5),
            tokensPerSec: 100 + step,
            zeroSpreadFraction: 0.25,
            nanRewards: 0,
            skippedUpdates: [],
            wallMs: 250,
          };
        };
        const listeners = new Set<Listener>();
        const emit = (e: unknown) => listeners.forEach((l) => l(e));
        let step = 0;
        let timer: ReturnType<typeof setInterval> | undefined;
        const runId = 'e2e-1';
        const oneStep = () => {
          step += 1;
          emit({ kind: 'progress', runId, phase: 'sample', done: 3, total: 12, unit: 'completions', label: `sampling agent 3 of 3 for trajectory 1 of 4` });
          emit({ kind: 'step', runId, metrics: metrics(step) });
        };
        const run = () => {
          emit({ kind: 'status', runId, status: 'running' });
          timer = setInterval(oneStep, 250);
        };
        const halt = () => {
          if (timer !== undefined) clearInterval(timer);
          timer = undefined;
        };
        const trainer = {
          start: () => {
            emit({ kind: 'status', runId, status: 'loading' });
            emit({ kind: 'progress', runId, phase: 'download', done: 4_000_000, total: 8_000_000, unit: 'bytes', label: 'model.safetensors' });
            emit({ kind: 'progress', runId, phase: 'compile', done: 12, total: 12, unit: 'shaders', label: '' });
            setTimeout(run, 300);
            return Promise.resolve({ runId });
          },
          resume: () => Promise.resolve(run()),
          pause: () => {
            halt();
            emit({ kind: 'status', runId, status: 'paused' });
            return Promise.resolve();
          },
          step: () => Promise.resolve(oneStep()),
          stop: () => {
            halt();
            emit({ kind: 'status', runId, status: 'stopped' });
            return Promise.resolve();
          },
          subscribe: (l: Listener) => {
            listeners.add(l);
            return () => listeners.delete(l);
          },
        };
        const stored = (id: string, n: number, shift: number) => {
          const ms = Array.from({ length: n }, (_, i) => {
            const m = metrics(i + 1);
            return { ...m, global: { ...m.global, mean: Math.max(0, m.global.mean - shift) } };
          });
          return {
            summary: {
              id,
              createdAt: Date.UTC(2026, 10, 23, 12),
              status: 'done',
              setup: {
                dataset: { kind: 'synthetic', seed: 1, personas: 2, sessionsPerPersona: 2, turnsPerSession: 4, distractorRatio: 0 },
                model: { kind: 'bundled', name: 'comam-tiny' },
                precision: 'f32',
                judge: { kind: 'rubric' },
                prompts: per(() => ''),
                rl: { num_generations: 4, credit_mode: 'adaptive' },
                lora: { r: 8, alpha: 16, targets: ['q_proj'] },
                questionsPerStep: 1,
                steps: n,
                checkpointEvery: 5,
                seed: 1,
              },
              headline: { steps: n, lastGlobal: ms[n - 1].global.mean, bestGlobal: ms[n - 1].global.mean, lastWeights: ms[n - 1].weights },
            },
            metrics: ms,
          };
        };
        const runs = [stored('past-a', 6, 0), stored('past-b', 8, 0.1)];
        const history = {
          list: () => Promise.resolve(runs.map((r) => r.summary)),
          open: (id: string) => Promise.resolve(runs.find((r) => r.summary.id === id)),
          delete: (id: string) => {
            runs.splice(
              runs.findIndex((r) => r.summary.id === id),
              1,
            );
            return Promise.resolve();
          },
        };
        useAppStore.getState().attachTrainer(trainer);
        await useAppStore.getState().attachHistory(history);
      });
      return;
    } catch (err) {
      // The first import of a module may make Vite's dependency optimizer reload the page once.
      if (attempt >= 2 || !String(err).includes('Execution context was destroyed')) throw err;
      await page.waitForLoadState('load');
    }
  }
}

test('scripted trainer (e2e-only hook): start, live charts grow, pause, single step, resume, stop; Start disabled by num_generations = 1', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openSettled(page);
  await installScriptedTrainer(page);
  const setup = new SetupPanel(page);
  const controls = new RunControlsPanel(page);
  const charts = new ChartsPanel(page);
  await expect(controls.status()).toHaveAttribute('data-status', 'idle');
  await setup.preset('classroom').click();
  await setup.field('dataset.personas').fill('2');
  await expect(controls.button('start')).toBeEnabled();

  await setup.field('rl.num_generations').fill('1');
  await expect(setup.problem('rl.num_generations')).toContainText('"num_generations": 1 is out of range');
  await expect(controls.button('start')).toBeDisabled();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('s');
  await expect(controls.status()).toHaveAttribute('data-status', 'idle');
  await setup.field('rl.num_generations').fill('4');
  await expect(controls.button('start')).toBeEnabled();

  await controls.button('start').click();
  await expect(controls.progress('download')).toContainText('4.00 MB / 8.00 MB (50%)');
  await expect(controls.progress('compile')).toContainText('12 shaders / 12 shaders (100%)');
  await attachScreenshot(page, testInfo, '1-loading');
  await expect(controls.status()).toHaveAttribute('data-status', 'running');
  await expect.poll(() => charts.points('local')).toBeGreaterThanOrEqual(2);
  await expect(controls.progress('sample')).toContainText('sampling agent 3 of 3 for trajectory 1 of 4');
  for (const id of ['local', 'global', 'credit']) await expect(charts.curves(id).first()).toBeVisible();
  // Three smoothed lines, their three raw lines beneath, three min–max bands; the stacked weights have no raw lines.
  await expect(charts.curves('local')).toHaveCount(9);
  await expect(charts.curves('credit')).toHaveCount(3);
  await attachScreenshot(page, testInfo, '2-running');
  // Typing while steps stream in: every key lands (the charts update in batches, deferred).
  await setup.field('seed').fill('');
  await setup.field('seed').pressSequentially('424242', { delay: 30 });
  await expect(setup.field('seed')).toHaveValue('424242');

  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('p');
  await expect(controls.status()).toHaveAttribute('data-status', 'paused');
  const paused = await charts.settledPoints('global');
  await page.waitForTimeout(1000);
  expect(await charts.points('global')).toBe(paused);
  await controls.button('step').click();
  await expect.poll(() => charts.points('global')).toBe(paused + 1);
  await expect(controls.status()).toHaveAttribute('data-status', 'paused');
  await attachScreenshot(page, testInfo, '3-paused-after-single-step');
  await controls.button('resume').click();
  await expect.poll(() => charts.points('global')).toBeGreaterThan(paused + 1);
  await controls.button('stop').click();
  await expect(controls.status()).toHaveAttribute('data-status', 'stopped');
  await expect(controls.progress('sample')).toHaveCount(0);
  await attachScreenshot(page, testInfo, '4-stopped');

  const download = page.waitForEvent('download');
  await page.getByTestId('chart.credit.png').click();
  const png = await download;
  expect(png.suggestedFilename()).toBe('chart-credit.png');
  const bytes = await (await png.createReadStream()).toArray();
  expect(Buffer.concat(bytes).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const csvDownload = page.waitForEvent('download');
  await page.getByTestId('charts.csv').click();
  const csv = Buffer.concat(await (await (await csvDownload).createReadStream()).toArray()).toString('utf8');
  const lines = csv.trim().split('\n');
  expect(lines[0]).toMatch(/^step,local\.extractor\.mean,/);
  expect(lines.length - 1).toBe(await charts.points('global'));
});

test('history (e2e-only in-memory source): list, open, overlay, delete with confirmation', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openSettled(page);
  await installScriptedTrainer(page);
  const history = new HistoryPanel(page);
  const charts = new ChartsPanel(page);
  await expect(history.row('past-a')).toContainText('done');
  await expect(history.row('past-b')).toContainText('comam-tiny · f32 · world seed 1 · G 4 · adaptive');
  await history.action('past-a', 'open').click();
  await expect(charts.showing()).toHaveText('run past-a');
  await expect.poll(() => charts.points('global')).toBe(6);
  await history.action('past-b', 'overlay').click();
  await expect(page.getByTestId('charts.overlayName')).toContainText('past-b');
  await expect.poll(() => charts.points('global')).toBe(8);
  // Smoothing (0.6 until moved, TensorBoard's) keeps each run's raw per-step values as a faint line under its smoothed one.
  await expect(page.getByTestId('charts.smoothing')).toHaveValue('0.6');
  await expect(charts.curves('global')).toHaveCount(5);
  await expect(charts.chart('global').locator('g.recharts-line path[stroke-opacity="0.3"]')).toHaveCount(2);
  await page.getByTestId('charts.smoothing').fill('0');
  await expect(charts.curves('global')).toHaveCount(3);
  await page.getByTestId('charts.smoothing').fill('0.5');
  await expect(charts.curves('global')).toHaveCount(5);
  await attachScreenshot(page, testInfo, 'history-overlay');
  await history.action('past-b', 'delete').click();
  await history.action('past-b', 'cancelDelete').click();
  await expect(history.row('past-b')).toBeVisible();
  await history.action('past-b', 'delete').click();
  await history.action('past-b', 'confirmDelete').click();
  await expect(history.row('past-b')).toHaveCount(0);
  await expect(page.getByTestId('charts.overlayName')).toHaveCount(0);
  await page.getByTestId('charts.backToLive').click();
  await expect(charts.showing()).toHaveText('live run');
});

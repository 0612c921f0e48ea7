// e2e (production build, Chromium, WebGPU on SwiftShader): acceptance 1 and 2 of the dashboard with the
// REAL trainer worker and the bundled default model (comam-lesson-sessions). A classroom-preset run on a tiny generated world
// trains in the page (start, ≥ 2 live steps, pause, single step, stop), then survives a reload in the history.
import type { Page } from '@playwright/test';
import { attachScreenshot, ChartsPanel, HistoryPanel, RunControlsPanel, SetupPanel } from './dashboard.fixtures';
import { expect, test } from './fixtures';

/** Short prompt templates (every slot kept): SwiftShader compiles a shader per new tensor shape, so long prompts cost minutes. */
const SHORT_PROMPTS = { extractor: 'H:\n{{history}}\nM:', profiler: 'M:\n{{memory}}\nP:', retriever: '{{memory}}|{{profile}}|{{question}}|{{options}}\nA:' };

/**
 * The classroom preset shrunk as far as the setup allows: 2 personas × 2 sessions × 4 turns, G = 2, 4-token completions,
 * short prompts. On SwiftShader on the shared 2-core machine the test took 2.9 min when it was quiet (step 1 at 67 s, then
 * ~50 s a step) and 11 min under load (step 1 at 5 min, compiling pipelines; then ~2.5 min a step).
 */
async function tinyClassroomSetup(page: Page): Promise<SetupPanel> {
  const setup = new SetupPanel(page);
  await expect(setup.valid()).toBeVisible();
  await setup.preset('classroom').click();
  await expect(setup.field('rl.num_generations')).toHaveValue('4');
  await setup.field('dataset.seed').fill('3');
  await setup.field('dataset.personas').fill('2');
  await setup.field('dataset.sessionsPerPersona').fill('2');
  await setup.field('dataset.turnsPerSession').fill('4');
  await setup.field('dataset.distractorRatio').fill('0');
  await setup.field('rl.num_generations').fill('2');
  await setup.field('rl.max_completion_length').fill('4');
  for (const [agent, text] of Object.entries(SHORT_PROMPTS)) {
    await setup.field(`prompts.${agent}.toggle`).click();
    await setup.field(`prompts.${agent}`).fill(text);
  }
  await setup.field('questionsPerStep').fill('1');
  await setup.field('steps').fill('0');
  await setup.field('checkpointEvery').fill('2');
  await expect(setup.field('model.kind')).toHaveValue('bundled');
  await expect(setup.field('model.name')).toHaveValue('comam-lesson-sessions');
  await expect(setup.valid()).toBeVisible();
  return setup;
}

const SETTINGS = [
  'dataset.seed',
  'dataset.personas',
  'dataset.sessionsPerPersona',
  'dataset.turnsPerSession',
  'dataset.distractorRatio',
  'rl.num_generations',
  'rl.max_completion_length',
  'rl.learning_rate',
  'questionsPerStep',
  'steps',
  'checkpointEvery',
  'seed',
  'precision',
  'model.kind',
  'model.name',
  'rl.credit_mode',
  'prompts.extractor',
  'prompts.profiler',
  'prompts.retriever',
];

test('acceptance 1 and 2: a real classroom run trains live on WebGPU, pauses, single-steps, stops, and is listed with its charts after a reload', async ({ page, context }, testInfo) => {
  // 3 minutes on a quiet 2-core machine, 11 under load (the first step compiles SwiftShader pipelines).
  test.setTimeout(900_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?backend=webgpu');
  const controls = new RunControlsPanel(page);
  const charts = new ChartsPanel(page);
  const history = new HistoryPanel(page);
  await expect(controls.status()).toHaveAttribute('data-worker', 'not-started');
  const setup = await tinyClassroomSetup(page);
  const values = Object.fromEntries(await Promise.all(SETTINGS.map(async (f) => [f, await setup.field(f).inputValue()] as const)));
  await attachScreenshot(page, testInfo, '0-setup');

  const t0 = Date.now();
  const mark = (what: string) => console.log(`[dashboard-train] ${what} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await controls.button('start').click();
  await expect(controls.status()).toHaveAttribute('data-worker', 'started');
  await expect(controls.progress('download')).toContainText('model.safetensors');
  await expect(controls.progress('compile')).toBeVisible();
  await attachScreenshot(page, testInfo, '1-loading');
  await expect(controls.status()).toHaveAttribute('data-status', 'running', { timeout: 120_000 });
  await expect(controls.progress('sample')).toContainText(/sampling agent [123] of 3 for trajectory (1–2|[12]) of 2/, { timeout: 120_000 });
  mark('first sampling progress');
  await attachScreenshot(page, testInfo, '2-sampling');
  await expect.poll(() => charts.points('global'), { timeout: 420_000 }).toBeGreaterThanOrEqual(1);
  mark('step 1 on the charts');
  // Pause is honoured between steps: pressed during step 2, the run pauses once step 2 is on the charts.
  await controls.button('pause').click();
  await expect(controls.status()).toHaveAttribute('data-status', 'paused', { timeout: 300_000 });
  mark('paused after step 2');
  const paused = await charts.settledPoints('global');
  expect(paused).toBeGreaterThanOrEqual(2);
  for (const id of ['local', 'global', 'credit']) expect(await charts.points(id), id).toBe(paused);
  // Smoothed lines, the raw lines beneath them (smoothing 0.6 until moved) and the min–max bands.
  await expect(charts.curves('local')).toHaveCount(9);
  await expect(charts.chart('global').locator('g.recharts-line')).toHaveCount(2);
  await expect(charts.curves('credit')).toHaveCount(3);
  await expect(controls.progress('update')).toContainText('3 agents / 3 agents');
  await attachScreenshot(page, testInfo, '3-paused-after-two-steps');
  await controls.button('step').click();
  await expect.poll(() => charts.points('global'), { timeout: 300_000 }).toBe(paused + 1);
  mark('single step done');
  await expect(controls.status()).toHaveAttribute('data-status', 'paused');
  await attachScreenshot(page, testInfo, '4-after-single-step');
  await controls.button('stop').click();
  await expect(controls.status()).toHaveAttribute('data-status', 'stopped');
  mark('stopped');
  await expect(controls.error()).toHaveCount(0);
  const steps = paused + 1;
  const runId = await controls.runId();
  expect(runId).toBeTruthy();
  await expect(history.row(runId)).toContainText('stopped');
  await attachScreenshot(page, testInfo, '5-stopped');

  // Acceptance 2: after a reload the run is listed, and opening it draws every stored step.
  await page.reload();
  await expect(history.row(runId)).toContainText('stopped');
  await expect(history.row(runId)).toContainText('comam-lesson-sessions · f32 · world seed 3 · G 2 · adaptive');
  await history.action(runId, 'open').click();
  await expect(charts.showing()).toHaveText(`run ${runId}`);
  for (const id of ['local', 'global', 'credit', 'loss']) await expect.poll(() => charts.points(id), id).toBe(steps);
  await expect(charts.curves('local')).toHaveCount(9);
  await expect(charts.curves('credit')).toHaveCount(3);
  await attachScreenshot(page, testInfo, '6-reloaded-run-opened');
  const reloaded = new SetupPanel(page);
  for (const f of SETTINGS) await expect(reloaded.field(f), f).toHaveValue(values[f]);
  const link = await reloaded.copiedLink();
  const other = await context.newPage();
  await other.goto(link);
  const again = new SetupPanel(other);
  await expect(again.valid()).toBeVisible();
  await expect(other.getByTestId('url.problems')).toHaveCount(0);
  for (const f of SETTINGS) await expect(again.field(f), f).toHaveValue(values[f]);
  expect(await again.copiedLink()).toBe(link);
  await attachScreenshot(other, testInfo, '7-link-in-new-page');
});

// e2e (production build, the real trainer worker on WebAssembly, the bundled default model comam-lesson-sessions): the dashboard as a
// newcomer meets it (issue 22). During a run the history row and the Adapters and Evaluation lists follow
// it without a reload; Stop saves a checkpoint so Export works at once; every disabled control says why;
// the run bar is one line when idle or stopped and has no shader row off WebGPU; charts keep their y labels;
// the tour walks a group whose global rewards differ when the run has one; sections by task in the URL hash.
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { attachScreenshot, HistoryPanel, RunControlsPanel } from './dashboard.fixtures';
import { expect, test } from './fixtures';
import { expectDisabledSayWhy, yTicks, quickRunUrl, storedGroupGlobals } from './newcomer.fixtures';

test('a run as a newcomer sees it: live lists, Stop then Export, reasons for disabled controls, readable charts, an instructive tour', async ({ page, consoleErrors }, info) => {
  test.setTimeout(600_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  // The first checkpoint would come at step 10: only Stop's checkpoint makes the adapters exportable.
  await page.goto(`${quickRunUrl({ checkpointEvery: 10, prompts: 'short', maxCompletionLength: 8 })}#live`);
  const controls = new RunControlsPanel(page);
  const history = new HistoryPanel(page);
  await expect(page.getByTestId('compute.backend')).toHaveAttribute('data-status', 'ready');

  // Idle: the run bar is one line, and every disabled control (Pause, Resume, Step, Stop, CSV…) says why.
  await expect(controls.status()).toHaveAttribute('data-status', 'idle');
  await expect(page.getByTestId('controls.panel')).toHaveAttribute('data-collapsed', 'true');
  expect((await page.getByTestId('controls.panel').boundingBox())?.height).toBeLessThanOrEqual(60);
  expect(await expectDisabledSayWhy(page, 'idle')).toBeGreaterThanOrEqual(4);
  await expect(controls.button('stop')).toHaveAttribute('title', 'Stop needs a loading, training or paused run; no run has started.');
  // The page opened at its #live section, below the sticky bar.
  await expect(page.getByTestId('nav.live')).toHaveAttribute('aria-current', 'location');

  await controls.button('start').click();
  await expect(controls.status()).toHaveAttribute('data-status', /loading|running/);
  await expect(controls.status()).toContainText(/run run-/);
  const runId = await controls.runId();
  expect(runId).not.toBe('');
  // On WebAssembly the backend's start is not called shader compilation.
  await expect(controls.progress('compile')).toContainText('Backend start');
  await expect(page.getByText('Shader compilation')).toHaveCount(0);

  // Live, without a reload: the history row counts the steps, the Adapters panel lists the run with its
  // steps (no adapter yet, and says why), the evaluation list offers it.
  await expect(history.row(runId)).toBeVisible();
  await expect.poll(async () => Number(await page.getByTestId(`history.run.${runId}.steps`).textContent()), { timeout: 300_000 }).toBeGreaterThanOrEqual(2);
  await expect.poll(async () => Number(await page.getByTestId(`adapters.run.${runId}.steps`).textContent())).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('adapters.empty')).toHaveCount(0);
  const exportButton = page.getByTestId(`adapters.run.${runId}.export`);
  await expect(exportButton).toBeDisabled();
  await expect(exportButton).toHaveAttribute('title', /has no stored adapters yet: they are saved at each checkpoint \(every 10 steps\) and when a run is stopped/);
  await expect(page.getByTestId('eval.target').locator(`option[value="run:${runId}"]`)).toHaveText(/Run run-[\w-]+ · adaptive · \d+ steps · running/);
  await expectDisabledSayWhy(page, 'running');
  await attachScreenshot(page, info, 'running');

  // Stop: a checkpoint of the last step is saved first; Export works at once and carries that step's adapters.
  await controls.button('stop').click();
  await expect(controls.status()).toHaveAttribute('data-status', 'stopped');
  await expect(controls.error()).toHaveCount(0);
  await expect(page.getByTestId('controls.panel')).toHaveAttribute('data-collapsed', 'true');
  expect((await page.getByTestId('controls.panel').boundingBox())?.height).toBeLessThanOrEqual(60);
  const steps = Number(await page.getByTestId(`history.run.${runId}.steps`).textContent());
  await expect(history.row(runId)).toContainText('stopped');
  await expect(exportButton).toBeEnabled();
  const [download] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
  const entries = unzipSync(new Uint8Array(readFileSync(await download.path())));
  expect(JSON.parse(strFromU8(entries['run_config.json']))).toMatchObject({ run_id: runId, steps, adapter_step: steps, base_model: 'public/models/comam-lesson-sessions' });
  expect(JSON.parse(strFromU8(entries['retriever/adapter_config.json']))).toMatchObject({ base_model_name_or_path: 'public/models/comam-lesson-sessions' });
  expect(strFromU8(entries['README.md'])).toContain('base = AutoModelForCausalLM.from_pretrained("public/models/comam-lesson-sessions")');
  await expect(page.getByTestId('eval.target').locator(`option[value="run:${runId}"]`)).toHaveText(`Run ${runId} · adaptive · ${steps} steps · stopped`);
  await expectDisabledSayWhy(page, 'stopped');

  // Charts: every y tick label inside its chart (the KL chart's small values in SI: 75µ, not "000075").
  await page.getByTestId('nav.live').click();
  await expect(page.getByTestId('chart.kl')).toHaveAttribute('data-points', String(steps));
  const ticks = await yTicks(page);
  expect(ticks.drawn).toBeGreaterThanOrEqual(9 * 3);
  expect(ticks.clipped).toEqual([]);
  await attachScreenshot(page, info, 'stopped-live');

  // The tour walks this run's group whose global rewards differ, when it has one.
  const groups = await storedGroupGlobals(page, runId);
  expect(groups.length).toBe(2 * steps); // newcomer.fixtures.ts: 2 questions a step
  const varied = groups.some((g) => new Set(g).size > 1);
  await page.getByTestId('classroom.tour').click();
  const tour = page.getByTestId('tour');
  await expect(tour).toContainText(`run ${runId}`);
  await page.keyboard.press('ArrowRight');
  await expect(tour).toHaveAttribute('data-step', 'local');
  const r3 = await tour.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelector('td:last-child')?.textContent ?? ''));
  expect(r3.length).toBe(2);
  expect(new Set(r3).size > 1).toBe(varied);
  if (!varied) {
    await page.keyboard.press('ArrowLeft');
    await expect(tour).toContainText('has both right and wrong answers yet');
  }
  await page.keyboard.press('Escape');

  // Classroom mode: what the README says (run controls, charts, history, experiment results), larger ticks.
  await page.getByTestId('classroom.toggle').click();
  await expect(page.getByTestId('nav').getByRole('link')).toHaveText(['Live', 'Evaluate']);
  for (const id of ['setup.panel', 'dataset.panel', 'stepper.panel', 'memory.panel', 'credit.panel', 'eval', 'adapters.panel', 'storage.panel']) await expect(page.getByTestId(id), id).toBeHidden();
  await expect(page.getByTestId('chart.kl').locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').first()).toHaveCSS('font-size', '16px');
  expect((await yTicks(page)).clipped).toEqual([]);
  await attachScreenshot(page, info, 'classroom');
  expect(consoleErrors).toEqual([]);
});

test('sections by task: one link each in a sticky nav, addressable by hash, reached by keyboard, the setup query kept', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/?rl.num_generations=3#stepper');
  await expect(page.getByTestId('nav').getByRole('link')).toHaveText(['Setup', 'Live', 'Stepper', 'Memory', 'Evaluate', 'Adapters', 'Storage']);
  await expect(page.getByTestId('nav.stepper')).toHaveAttribute('aria-current', 'location');
  const barBottom = async () => (await page.locator('.top-bar').boundingBox())?.y ?? 0;
  await expect.poll(async () => Math.abs(((await page.getByTestId('section.stepper').boundingBox())?.y ?? 1e9) - (await page.locator('.top-bar').evaluate((el) => el.getBoundingClientRect().bottom)))).toBeLessThan(48);
  expect(await barBottom()).toBe(0);
  // Keyboard: Tab reaches the nav; Enter follows a link; the hash names the section, the query stays.
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'nav.setup';
  }
  expect(reached).toBe(true);
  for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav.adapters');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\?.*rl\.num_generations=3.*#adapters$/);
  await expect(page.getByTestId('adapters.panel')).toBeInViewport();
  await expect(page.getByTestId('nav.adapters')).toHaveAttribute('aria-current', 'location');
  // The setup rewrites the query as it changes; the hash stays.
  await page.getByTestId('nav.setup').click();
  await page.getByTestId('setup.seed').fill('99');
  await expect.poll(() => new URL(page.url()).searchParams.get('seed')).toBe('99');
  expect(new URL(page.url()).hash).toBe('#setup');
  // One dataset section, with the run's world and its tools together.
  await expect(page.getByRole('heading', { name: 'Dataset', exact: true })).toHaveCount(1);
  await expect(page.getByTestId('dataset.panel').getByTestId('setup.dataset.seed')).toBeVisible();
  await expect(page.getByTestId('setup.dataset.summary')).toContainText('Dataset: restated lesson world, seed 1: 24 personas × 4 sessions × 6 turns.');
});

// A two-mode comparison in the page (issue 11, acceptance 2): adaptive vs independent on a tiny world
// with the fixture model (served as a bundled model), G = 2, one step each, a tiny eval split, through
// the real trainer and eval workers (wasm); then the table, the bar chart and the CSV/Markdown files.
import { readFileSync } from 'node:fs';
import { attachScreenshot } from './dashboard.fixtures';
import { expect, test } from './fixtures';
import { FIXTURE_MODEL, routeFixtureModel, warmImports } from './trainer.fixtures';

const MODEL = FIXTURE_MODEL;

/** The fixture model, a tiny world and short prompts, all through the URL the setup panel reads. */
const SETUP = new URLSearchParams({
  backend: 'wasm',
  model: `bundled:${MODEL}`,
  dataset: 'synthetic',
  'dataset.seed': '5',
  'dataset.personas': '2',
  'dataset.sessionsPerPersona': '2',
  'dataset.turnsPerSession': '4',
  'dataset.distractorRatio': '0',
  'rl.num_generations': '2',
  'rl.max_completion_length': '4',
  'rl.learning_rate': '0.05',
  'lora.r': '4',
  'lora.alpha': '8',
  'lora.targets': 'q_proj,v_proj',
  questionsPerStep: '1',
  checkpointEvery: '1',
  'prompts.extractor': 'H:\n{{history}}\nM:',
  'prompts.profiler': 'M:\n{{memory}}\nP:',
  'prompts.retriever': '{{memory}}|{{profile}}|{{question}}|{{options}}\nA:',
});

test.beforeEach(async ({ page }) => {
  await routeFixtureModel(page.context());
});

test('a two-mode comparison produces the table, the chart and the CSV export; the baseline evaluates in a worker', async ({ page, consoleErrors }, testInfo) => {
  test.setTimeout(420_000);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(`/?${SETUP.toString()}`);
  await warmImports(page, ['homes/evaluator/workerEvaluator', 'homes/storage/experiments']);
  await expect(page.getByTestId('url.problems')).toHaveCount(0);
  const panel = page.getByTestId('experiments');
  await panel.getByTestId('experiments.name').fill('adaptive vs independent');
  for (const m of ['local', 'global', 'equal']) await panel.getByRole('checkbox', { name: new RegExp(`^${m === 'equal' ? 'equal share' : `${m} reward only`}`) }).uncheck();
  await expect(panel.getByRole('checkbox', { name: 'adaptive (CoMAM)' })).toBeChecked();
  await expect(panel.getByRole('checkbox', { name: 'independent training' })).toBeChecked();
  await panel.getByTestId('experiments.seeds').fill('1');
  await panel.getByTestId('experiments.steps').fill('1');
  await panel.getByTestId('experiments.evalLimit').fill('2');
  await panel.getByRole('button', { name: 'Run comparison' }).click();

  await expect(panel.getByTestId('experiments.running')).toBeVisible();
  await expect(panel.getByTestId('experiments.progress')).toBeVisible({ timeout: 60_000 });
  const item = panel.locator('[data-testid^="experiments.item."][data-status]').first();
  await expect(item).toHaveAttribute('data-status', 'done', { timeout: 360_000 });
  await expect(panel.getByTestId('experiments.running')).toHaveCount(0);

  // The table: one row per mode with its one seed, and the paper's numbers beside it.
  const table = panel.getByTestId('experiments.table');
  await expect(table.getByTestId('experiments.row.adaptive')).toHaveAttribute('data-seeds', '1');
  await expect(table.getByTestId('experiments.row.independent')).toHaveAttribute('data-seeds', '1');
  await expect(table.getByTestId('experiments.row.adaptive')).toContainText('0.64');
  await expect(table.getByTestId('experiments.row.independent')).toContainText('0.57');
  const means = {
    adaptive: Number(await table.getByTestId('experiments.row.adaptive').getAttribute('data-mean')),
    independent: Number(await table.getByTestId('experiments.row.independent').getAttribute('data-mean')),
  };
  for (const v of Object.values(means)) expect(v >= 0 && v <= 1).toBe(true);
  await expect(panel.getByTestId('experiments.paper')).toContainText('no training');

  // The chart: both modes' bars (lab and paper) are drawn.
  const chart = panel.getByTestId('experiments.chart');
  await expect(chart).toHaveAttribute('data-bars', '2');
  await expect(chart.locator('.recharts-bar-rectangle path, .recharts-bar-rectangle rect').first()).toBeAttached();
  // Two paper bars, and one lab bar per mode with accuracy above 0 (a zero-height bar draws nothing).
  const labBars = Object.values(means).filter((v) => v > 0).length;
  await expect(chart.locator('.recharts-bar-rectangle')).toHaveCount(2 + labBars);
  await chart.scrollIntoViewIfNeeded();
  await attachScreenshot(page, testInfo, 'experiment-results');

  // CSV: header, then one row per mode whose numbers are the table's.
  const [csvFile] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('experiments.csv').click()]);
  expect(csvFile.suggestedFilename()).toBe('adaptive-vs-independent.csv');
  const csv = readFileSync(await csvFile.path(), 'utf8').trim().split('\n');
  expect(csv[0]).toMatch(/^mode,label,seeds_done,seeds_planned,questions,accuracy_mean,accuracy_sd,(.+_mean,.+_sd,)*paper_32k,paper_128k,paper_1m$/);
  expect(csv).toHaveLength(3);
  const rows = csv.slice(1).map((l) => l.split(','));
  expect(rows.map((r) => r.slice(0, 5))).toEqual([
    ['adaptive', 'adaptive (CoMAM)', '1', '1', '2'],
    ['independent', 'independent training', '1', '1', '2'],
  ]);
  expect(rows.map((r) => Number(r[5]))).toEqual([means.adaptive, means.independent]);
  expect(rows.map((r) => r.slice(-3))).toEqual([['0.64', '0.7', '0.66'], ['0.57', '0.61', '0.59']]);
  const [mdFile] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('experiments.markdown').click()]);
  expect(readFileSync(await mdFile.path(), 'utf8')).toContain('| independent training | 1/1 |');

  // The chart full screen (the Fullscreen API, or the overlay where the browser refuses), and back.
  const view = panel.getByTestId('experiments.chartView');
  await view.getByRole('button', { name: /full screen/ }).click();
  await expect(view).toHaveAttribute('data-fullscreen', /native|fallback/);
  await attachScreenshot(page, testInfo, 'experiment-chart-fullscreen');
  await view.getByRole('button', { name: 'Exit full screen' }).click();
  await expect(view).toHaveAttribute('data-fullscreen', 'off');

  // Both runs are ordinary stored runs tagged with the experiment; the experiment survives a reload.
  const tagged = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('comam-lab');
        open.onerror = () => reject(new Error('cannot open the database'));
        open.onsuccess = () => {
          const req = open.result.transaction('runs').objectStore('runs').getAll();
          req.onsuccess = () => resolve((req.result as { experimentId?: string }[]).filter((r) => r.experimentId?.startsWith('exp-')).length);
        };
      }),
  );
  expect(tagged).toBe(2);
  await page.reload();
  await warmImports(page, ['homes/evaluator/workerEvaluator', 'homes/storage/experiments']);
  await expect(page.getByTestId('experiments').locator('[data-testid^="experiments.item."][data-status="done"]')).toHaveCount(1);

  // The evaluation view: a no-training baseline, per question type, in the eval worker.
  const evalPanel = page.getByTestId('eval');
  await evalPanel.getByTestId('eval.target').selectOption('baseline:no-memory');
  await evalPanel.getByTestId('eval.limit').fill('2');
  await evalPanel.getByRole('button', { name: 'Evaluate' }).click();
  const result = evalPanel.getByTestId('eval.result');
  await expect(result).toHaveAttribute('data-questions', '2', { timeout: 60_000 });
  await expect(result).toContainText('baseline no-memory on the validation split');
  await expect(result.locator('[data-testid^="eval.type."]').first()).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

// e2e (production build): a frozen control run. The setup panel's checkbox goes into the link and back; a
// two-step control on the default lesson (WebAssembly) is listed as a frozen control, and no step updated
// an adapter (every agent's stored loss and gradient norm are 0) while its rewards were recorded.
import { RunControlsPanel, SetupPanel, storedMetrics } from './dashboard.fixtures';
import { expect, test } from './fixtures';

test('a frozen control: the checkbox rides the link, and a two-step control updates no adapter and is listed as one', async ({ page, context, consoleErrors }) => {
  test.setTimeout(600_000);
  await page.goto('/?backend=wasm');
  const setup = new SetupPanel(page);
  const box = page.getByTestId('setup.frozenControl');
  await expect(box).not.toBeChecked();
  expect(await setup.copiedLink()).not.toContain('frozenControl');
  await box.check();
  await setup.field('steps').fill('2');
  const link = await setup.copiedLink();
  expect(link).toContain('frozenControl=1');

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('setup.frozenControl')).toBeChecked();
  await expect(other.getByTestId('compute.backend')).toHaveAttribute('data-status', 'ready');
  await other.getByTestId('controls.start').click();
  await expect(other.getByTestId('controls.status')).toContainText(/run run-/);
  const runId = await new RunControlsPanel(other).runId();
  await expect(other.getByTestId('controls.status')).toHaveAttribute('data-status', 'done', { timeout: 540_000 });
  await expect(other.getByTestId(`history.run.${runId}`)).toContainText('frozen control (no updates)');
  const steps = await storedMetrics(other, runId);
  expect(steps.map((s) => s.step)).toEqual([1, 2]);
  for (const s of steps) {
    expect(s.loss).toEqual({ extractor: 0, profiler: 0, retriever: 0 });
    expect(s.gradNorm).toEqual({ extractor: 0, profiler: 0, retriever: 0 });
    expect(s.skippedUpdates).toEqual([]);
    expect(s.global.mean).toBeGreaterThanOrEqual(0);
  }
  expect(consoleErrors).toEqual([]);
});

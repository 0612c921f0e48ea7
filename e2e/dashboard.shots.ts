// Screenshots of every dashboard section (docs/screenshots/, linked from the README), normal and classroom
// mode: the bundled default model with its own prompts trains a few steps on WebAssembly, then stops; and a
// 30-step run of the default lesson (lesson-30-steps.png). Rerun with `npm run screenshots` (builds, serves
// `vite preview`, writes the PNGs; `-- -g lesson` for the lesson run alone); not part of `npm test`.
// LESSON_SHOT_QUERY adds URL parameters to the lesson run (a setting other than the default, e.g.
// "dataset.restate=0" for the plain lesson on its model and the classroom preset) and LESSON_SHOT_NAME names its files (default lesson-30-steps);
// LESSON_SHOT_CONTROL=1 adds a frozen control of the same setup overlaid on the trained run (NAME-vs-frozen*.png).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { SECTIONS, type SectionId } from '../src/ui/nav/sections';
import { RunControlsPanel, storedMetrics } from './dashboard.fixtures';
import { quickRunUrl } from './newcomer.fixtures';

const OUT = join(process.cwd(), 'docs', 'screenshots');
const STEPS = 3;
const LESSON_QUERY = process.env.LESSON_SHOT_QUERY ?? '';
const LESSON_NAME = process.env.LESSON_SHOT_NAME ?? 'lesson-30-steps';
// LESSON_SHOT_CONTROL=1: then a frozen control of the same setup, overlaid on the trained run (raw, and at LESSON_SHOT_SMOOTHING).
const LESSON_CONTROL = process.env.LESSON_SHOT_CONTROL === '1';
const LESSON_SMOOTHING = process.env.LESSON_SHOT_SMOOTHING ?? '0.6';

async function shoot(page: Page, mode: 'normal' | 'classroom', id: SectionId | 'tour'): Promise<void> {
  await page.screenshot({ path: join(OUT, `${mode}-${id}.png`), fullPage: false });
}

async function openSection(page: Page, id: SectionId): Promise<void> {
  await page.getByTestId(`nav.${id}`).click();
  await expect(page.getByTestId(`nav.${id}`)).toHaveAttribute('aria-current', 'location');
  await page.waitForTimeout(400);
}

test('screenshots of every section, normal and classroom mode', async ({ page }) => {
  mkdirSync(OUT, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${quickRunUrl({ checkpointEvery: 10, prompts: 'default', maxCompletionLength: 48 })}#setup`);
  await expect(page.getByTestId('compute.backend')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('dataset.generate').click();
  await expect(page.getByTestId('dataset.job')).toHaveAttribute('data-status', 'done');
  await page.locator('[data-testid^="dataset.persona."]').first().click();

  await page.getByTestId('controls.start').click();
  await expect(page.getByTestId('controls.status')).toContainText(/run run-/);
  const runId = await new RunControlsPanel(page).runId();
  await openSection(page, 'live');
  await expect(page.getByTestId('controls.status')).toHaveAttribute('data-status', 'running', { timeout: 300_000 });
  await expect.poll(async () => Number(await page.getByTestId(`history.run.${runId}.steps`).textContent()), { timeout: 600_000 }).toBeGreaterThanOrEqual(1);
  await shoot(page, 'normal', 'live');
  await expect.poll(async () => Number(await page.getByTestId(`history.run.${runId}.steps`).textContent()), { timeout: 600_000 }).toBeGreaterThanOrEqual(STEPS);
  await page.getByTestId('controls.stop').click();
  await expect(page.getByTestId('controls.status')).toHaveAttribute('data-status', 'stopped', { timeout: 300_000 });

  await page.getByTestId('stepper.panel').getByRole('combobox', { name: 'Run', exact: true }).selectOption(runId);
  await expect(page.getByRole('region', { name: 'Rollout state' })).toBeVisible();
  await page.getByTestId('memory.panel').getByRole('button', { name: 'Refresh memory' }).click();
  for (const s of SECTIONS) {
    if (s.id === 'live') continue;
    await openSection(page, s.id);
    await shoot(page, 'normal', s.id);
  }

  await page.getByTestId('classroom.toggle').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-classroom', 'true');
  for (const s of SECTIONS.filter((x) => x.classroom)) {
    await openSection(page, s.id);
    await shoot(page, 'classroom', s.id);
  }
  await page.getByTestId('classroom.tour').click();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tour')).toHaveAttribute('data-step', 'local');
  await shoot(page, 'classroom', 'tour');
});

/** Each step's global and local rewards (means) of a stored run. */
async function stepRewards(page: Page, runId: string): Promise<{ step: number; global: number; local: Record<string, number> }[]> {
  return (await storedMetrics(page, runId)).map((r) => ({ step: r.step, global: r.global.mean, local: Object.fromEntries(Object.entries(r.local).map(([k, v]) => [k, v.mean])) }));
}

// Issue 19's target 4: the embedded default (the four-session restated lesson, comam-lesson-sessions, the text answer
// format, the lesson preset, 30 steps) run as a newcomer runs it, on WebAssembly; the Live section's charts when it is
// done, and the per-step rewards beside them (docs/screenshots/lesson-30-steps.json) for the README.
test('a 30-step lesson run on the defaults (or LESSON_SHOT_QUERY): the Live charts', async ({ page }) => {
  test.setTimeout(3_600_000);
  mkdirSync(OUT, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 1200 });
  await page.goto(`/?backend=wasm${LESSON_QUERY === '' ? '' : `&${LESSON_QUERY}`}#setup`);
  await expect(page.getByTestId('compute.backend')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('controls.start').click();
  await expect(page.getByTestId('controls.status')).toContainText(/run run-/);
  const runId = await new RunControlsPanel(page).runId();
  await openSection(page, 'live');
  await expect(page.getByTestId('controls.status')).toHaveAttribute('data-status', 'done', { timeout: 3_300_000 });
  await page.waitForTimeout(1000);
  await page.screenshot({ path: join(OUT, `${LESSON_NAME}.png`), fullPage: false });
  const steps = await stepRewards(page, runId);
  expect(steps.length).toBe(30);
  if (!LESSON_CONTROL) {
    writeFileSync(join(OUT, `${LESSON_NAME}.json`), `${JSON.stringify({ runId, steps }, null, 1)}\n`);
    return;
  }
  // The same setup as a frozen control (the untrained team on the same questions), overlaid on the trained run.
  await page.goto(`/?backend=wasm${LESSON_QUERY === '' ? '' : `&${LESSON_QUERY}`}&frozenControl=1#setup`);
  await expect(page.getByTestId('compute.backend')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('controls.start').click();
  await expect(page.getByTestId('controls.status')).toContainText(/run run-/);
  const controlId = await new RunControlsPanel(page).runId();
  await expect(page.getByTestId('controls.status')).toHaveAttribute('data-status', 'done', { timeout: 3_300_000 });
  await page.getByTestId(`history.run.${runId}.open`).click();
  await page.getByTestId(`history.run.${controlId}.overlay`).click();
  await openSection(page, 'live');
  await expect(page.getByTestId('charts.overlayName')).toContainText(controlId);
  // Raw first (the charts start smoothed), then at LESSON_SHOT_SMOOTHING.
  await page.getByTestId('charts.smoothing').fill('0');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: join(OUT, `${LESSON_NAME}-vs-frozen.png`), fullPage: false });
  await page.getByTestId('charts.smoothing').fill(LESSON_SMOOTHING);
  await page.waitForTimeout(1000);
  await page.screenshot({ path: join(OUT, `${LESSON_NAME}-vs-frozen-smoothed.png`), fullPage: false });
  const control = await stepRewards(page, controlId);
  expect(control.length).toBe(30);
  writeFileSync(join(OUT, `${LESSON_NAME}.json`), `${JSON.stringify({ runId, steps, controlId, control, smoothing: Number(LESSON_SMOOTHING) }, null, 1)}\n`);
});

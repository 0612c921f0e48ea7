// One lesson step in the page's trainer worker with the text answer format (the bundled model on wasm,
// the lesson world, G = 2), then the stepper's s3: the Retriever's written answer, how it was mapped to an
// option (per-option word overlap, the reason), and the chosen option equal to what the trainer stored.
import type { Page } from '@playwright/test';
import type { TrajectoryRecordRow } from '../src/homes/storage/db';
import { expect, test } from './fixtures';
import { settled, warmImports } from './trainer.fixtures';

/** The bundled model the lesson trains by default. */
const MODEL = 'comam-lesson';

function trainLessonStep(page: Page): Promise<string> {
  return settled(page, () =>
    page.evaluate(async (model) => {
      const src = (name: string) => `/src/${name}.ts`;
      const { createWorkerTrainer } = (await import(/* @vite-ignore */ src('homes/trainer/workerTrainer'))) as typeof import('../src/homes/trainer/workerTrainer');
      const { resolveConfig } = (await import(/* @vite-ignore */ src('rl/config'))) as typeof import('../src/rl/config');
      const { presetWorldRef } = (await import(/* @vite-ignore */ src('rl/syntheticWorld'))) as typeof import('../src/rl/syntheticWorld');
      const { defaultPromptTexts } = (await import(/* @vite-ignore */ src('agents/registry'))) as typeof import('../src/agents/registry');
      const { trainer } = createWorkerTrainer('wasm');
      const done = new Promise<void>((resolve, reject) =>
        trainer.subscribe((e) => {
          if (e.kind === 'status' && e.status === 'done') resolve();
          if (e.kind === 'status' && e.status === 'failed') reject(new Error(e.message));
          if (e.kind === 'error') reject(new Error(`${e.error.name}: ${e.error.message}`));
        }),
      );
      const { runId } = await trainer.start({
        dataset: presetWorldRef('lesson', 1),
        model: { kind: 'bundled', name: model },
        precision: 'f32',
        judge: { kind: 'rubric' },
        prompts: defaultPromptTexts('text'),
        rl: resolveConfig({ num_generations: 2, max_completion_length: 40, learning_rate: 1e-3, answer_format: 'text' }),
        lora: { r: 4, alpha: 8, targets: ['q_proj', 'v_proj'] },
        questionsPerStep: 1,
        steps: 1,
        checkpointEvery: 1,
        seed: 1,
        maxPromptTokens: 400,
      });
      await done;
      return runId;
    }, MODEL),
  );
}

test('a lesson rollout in the text answer format: the stepper shows how the written answer was mapped to an option', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/?backend=wasm');
  await warmImports(page, ['rl/syntheticWorld', 'agents/registry', 'homes/storage/runWorld']);
  const runId = await trainLessonStep(page);
  const rows = await page.evaluate(async (runId) => {
    const { labDb } = (await import(/* @vite-ignore */ `/src/${'homes/storage/db'}.ts`)) as typeof import('../src/homes/storage/db');
    const { runTrajectories } = (await import(/* @vite-ignore */ `/src/${'homes/storage/runs'}.ts`)) as typeof import('../src/homes/storage/runs');
    const run = await labDb().runs.get(runId);
    return { rows: await runTrajectories(labDb(), runId, 1), format: run?.setup.rl.answer_format, style: run?.setup.dataset.kind === 'synthetic' ? run.setup.dataset.style : undefined };
  }, runId);
  expect(rows.format).toBe('text');
  expect(rows.style).toBe('lesson');
  const record: TrajectoryRecordRow | undefined = rows.rows.find((r) => r.group === 0 && r.trajectory === 0);
  if (!record) throw new Error('no stored trajectory');

  const panel = page.getByTestId('stepper.panel');
  await panel.getByRole('button', { name: 'Refresh runs' }).click();
  await panel.getByRole('combobox', { name: 'Run', exact: true }).selectOption(runId);
  const stage = page.getByRole('region', { name: 'Rollout state' });
  await expect(stage).toBeVisible();
  await stage.focus();
  for (const s of ['1', '2', '3']) {
    await page.keyboard.press('ArrowRight');
    await expect(stage).toHaveAttribute('data-stage', s);
  }
  const mapping = page.getByTestId('stepper.s3.mapping');
  await expect(mapping).toBeVisible();
  await expect(mapping).toContainText('Answer text mapped to an option (answer_format "text")');
  const reason = await mapping.getAttribute('data-reason');
  expect(['matched', 'empty', 'ambiguous', 'below-threshold', 'tie']).toContain(reason);
  // The page's mapping is the trainer's: matched exactly when the stored trajectory has a choice.
  expect(reason === 'matched').toBe(record.choice !== null);
  for (const i of [0, 1, 2, 3]) await expect(page.getByTestId(`stepper.s3.option.${i}.overlap`)).toContainText('word overlap F1');
  const chosen = await page.locator('[data-testid^="stepper.s3.option."][data-chosen]').evaluateAll((els) => els.map((e) => e.getAttribute('data-chosen') === 'true'));
  expect(chosen).toEqual([0, 1, 2, 3].map((i) => record.choice === i));
  expect(await page.getByTestId('stepper.s3.global').first().getAttribute('data-value')).toBe(String(record.global));
});

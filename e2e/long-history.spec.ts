// e2e (production build): chunked extraction is a setup setting that round-trips through the copied link,
// and the Evaluation panel runs a baseline on the evidence session or the full history, with the evidence
// recall of the memory it read, in the eval worker.
import { SetupPanel } from './dashboard.fixtures';
import { expect, test } from './fixtures';

test('chunk_tokens and memory_tokens: off by default and absent from the link, on with both in it', async ({ page, context, consoleErrors }) => {
  await page.goto('/');
  const setup = new SetupPanel(page);
  await expect(setup.field('rl.chunk_kind')).toHaveValue('off');
  await expect(setup.field('rl.chunk_tokens')).toHaveCount(0);
  expect(await setup.copiedLink()).not.toContain('chunk_tokens');
  await setup.field('rl.chunk_kind').selectOption('on');
  await setup.field('rl.chunk_tokens').fill('200');
  await setup.field('rl.memory_tokens').fill('96');
  await expect(setup.valid()).toBeVisible();
  const link = await setup.copiedLink();
  expect(link).toContain('rl.chunk_tokens=200');
  expect(link).toContain('rl.memory_tokens=96');
  const other = await context.newPage();
  await other.goto(link);
  const again = new SetupPanel(other);
  await expect(again.field('rl.chunk_tokens')).toHaveValue('200');
  await expect(again.field('rl.memory_tokens')).toHaveValue('96');
  await setup.field('rl.chunk_tokens').fill('0');
  await expect(setup.problem('rl.chunk_tokens')).toContainText('chunk_tokens');
  expect(consoleErrors).toEqual([]);
});

test('the Evaluation panel runs on the evidence session or the full history and shows the evidence recall', async ({ page, consoleErrors }) => {
  await page.goto('/');
  // The default lesson world is evaluated on the evidence session its model is built on, unless picked.
  await expect(page.getByTestId('eval').getByTestId('eval.history')).toHaveValue('evidence');
  // The bundled model's 512 positions leave TRL's 256-token completions too few for the Retriever's prompt.
  await new SetupPanel(page).preset('classroom').click();
  const evalPanel = page.getByTestId('eval');
  await evalPanel.getByTestId('eval.target').selectOption('baseline:truncated-history');
  await evalPanel.getByTestId('eval.limit').fill('2');
  const result = evalPanel.getByTestId('eval.result');
  for (const history of ['evidence', 'full'] as const) {
    await evalPanel.getByTestId('eval.history').selectOption(history);
    await evalPanel.getByRole('button', { name: 'Evaluate' }).click();
    await expect(result).toHaveAttribute('data-history', history, { timeout: 120_000 });
    await expect(result).toHaveAttribute('data-questions', '2');
    await expect(result).toContainText(history === 'evidence' ? 'evidence session' : 'full history');
    await expect(evalPanel.getByTestId('eval.recall')).toContainText(/Evidence recall of the memory the Retriever read: \d+\.\d% over 2 questions/);
  }
  expect(consoleErrors).toEqual([]);
});

// e2e (production build): the optional cold-start SFT stage in the setup panel: a checkbox that reveals
// its steps and learning rate, validated inline and carried through a copied link.
import { SetupPanel } from './dashboard.fixtures';
import { expect, test } from './fixtures';

test('cold-start SFT: the checkbox adds steps and lr, a bad value is flagged, and the link carries it', async ({ page, context, consoleErrors }) => {
  await page.goto('/');
  const setup = new SetupPanel(page);
  const box = page.getByRole('checkbox', { name: 'Cold-start SFT before GRPO' });
  await expect(box).not.toBeChecked();
  await expect(setup.field('coldStart.steps')).toHaveCount(0);
  expect(await setup.copiedLink()).not.toContain('cold_start');

  await box.check();
  await expect(page.getByRole('textbox', { name: 'cold-start steps' })).toHaveValue('20');
  await setup.field('coldStart.steps').fill('0');
  await expect(setup.problem('coldStart.steps')).toContainText('Cold-start SFT steps must be a whole number ≥ 1, got 0.');
  await setup.field('coldStart.steps').fill('5');
  await setup.field('coldStart.lr').fill('0.02');
  await expect(setup.valid()).toBeVisible();
  const link = await setup.copiedLink();
  expect(link).toContain('coldStart.steps=5');
  expect(link).toContain('coldStart.lr=0.02');

  const other = await context.newPage();
  await other.goto(link);
  const again = new SetupPanel(other);
  await expect(other.getByRole('checkbox', { name: 'Cold-start SFT before GRPO' })).toBeChecked();
  await expect(again.field('coldStart.steps')).toHaveValue('5');
  await expect(again.field('coldStart.lr')).toHaveValue('0.02');

  await box.uncheck();
  await expect(setup.field('coldStart.steps')).toHaveCount(0);
  expect(await setup.copiedLink()).not.toContain('cold_start');
  expect(consoleErrors).toEqual([]);
});

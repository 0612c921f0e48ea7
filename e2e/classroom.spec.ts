// Classroom mode at 1920×1080 (issue 11, acceptance 3): the presenter layout from ?classroom=1, and
// the guided tour of one rollout reached, walked and closed with the keyboard alone (screenshots attached).
import type { Page } from '@playwright/test';
import { attachScreenshot } from './dashboard.fixtures';
import { expect, test } from './fixtures';

const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

test('classroom mode renders at 1920×1080 and the tour is reachable and walkable by keyboard alone', async ({ page, consoleErrors }, testInfo) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/?classroom=1');
  const app = page.getByTestId('app');
  await expect(app).toHaveAttribute('data-classroom', 'true');
  await expect(page.getByRole('button', { name: 'Classroom mode' })).toHaveAttribute('aria-pressed', 'true');
  // Presenter layout: large type, high contrast, fewer controls.
  const style = await page.evaluate(() => {
    const s = getComputedStyle(document.querySelector('.app') as Element);
    return { size: parseFloat(s.fontSize), color: s.color, background: s.backgroundColor };
  });
  expect(style).toMatchObject({ color: 'rgb(0, 0, 0)', background: 'rgb(255, 255, 255)' });
  expect(style.size).toBeGreaterThanOrEqual(20);
  await expect(page.getByTestId('setup.panel')).toBeHidden();
  await expect(page.getByTestId('dataset.panel')).toBeHidden();
  await expect(page.getByTestId('credit.panel')).toBeHidden();
  await expect(page.getByTestId('eval')).toBeHidden();
  await expect(page.getByTestId('controls.panel')).toBeVisible();
  await expect(page.getByTestId('experiments.preset.joint-vs-independent')).toBeVisible();
  // The page keeps classroom=1 in its URL when it rewrites the setup there.
  await expect.poll(() => new URL(page.url()).searchParams.get('classroom')).toBe('1');
  await expect.poll(() => new URL(page.url()).searchParams.has('rl.num_generations')).toBe(true);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await attachScreenshot(page, testInfo, 'classroom-1920x1080');

  // Keyboard only: Tab to the tour button (focus visible), Enter opens it with focus on the step title.
  let reached = false;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await focused(page)) === 'classroom.tour';
  }
  expect(reached).toBe(true);
  await expect(page.getByTestId('classroom.tour')).toHaveCSS('outline-style', 'solid');
  await page.keyboard.press('Enter');
  // The dialog is named by its step's title.
  await expect(page.getByRole('dialog', { name: 'One rollout is a chain of three decisions' })).toBeVisible();
  const dialog = page.getByRole('dialog');
  expect(await focused(page)).toBe('tour.title');
  await expect(page.getByTestId('tour.position')).toHaveText(/Step 1 of 5/);
  await attachScreenshot(page, testInfo, 'classroom-tour-step-1');

  // Arrow keys walk the five steps: MDP, local rewards, NDCG, weights, GRPO.
  const tour = page.getByTestId('tour');
  for (const id of ['local', 'ndcg', 'weights', 'grpo']) {
    await page.keyboard.press('ArrowRight');
    await expect(tour).toHaveAttribute('data-step', id);
  }
  await page.keyboard.press('ArrowRight');
  await expect(tour).toHaveAttribute('data-step', 'grpo');
  await expect(dialog.getByRole('table')).toContainText('zero spread');
  await attachScreenshot(page, testInfo, 'classroom-tour-step-5');
  await page.keyboard.press('ArrowLeft');
  await expect(tour).toHaveAttribute('data-step', 'weights');

  // Tab stays inside the dialog; Enter on "Back" moves a step back.
  const inside: boolean[] = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    inside.push(await page.evaluate(() => document.querySelector('.tour')?.contains(document.activeElement) ?? false));
  }
  expect(inside.every(Boolean)).toBe(true);
  for (let i = 0; i < 12 && (await focused(page)) !== 'tour.back'; i++) await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('tour.back');
  await page.keyboard.press('Enter');
  await expect(tour).toHaveAttribute('data-step', 'ndcg');

  // Escape closes it and focus returns to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect.poll(() => focused(page)).toBe('classroom.tour');

  // Shift+Tab to the toggle and Enter leaves classroom mode (and the URL follows).
  await page.keyboard.press('Shift+Tab');
  expect(await focused(page)).toBe('classroom.toggle');
  await page.keyboard.press('Enter');
  await expect(app).toHaveAttribute('data-classroom', 'false');
  await expect(page.getByTestId('setup.panel')).toBeVisible();
  await expect.poll(() => new URL(page.url()).searchParams.has('classroom')).toBe(false);

  // The "Joint vs independent" lesson fills the comparison: adaptive vs independent on a tiny world.
  await page.getByRole('button', { name: 'Lesson: Joint vs independent' }).click();
  await expect(page.getByTestId('experiments.lesson')).toContainText('train one agent on its own local reward');
  const checked = await Promise.all(['adaptive', 'local', 'global', 'equal', 'independent'].map((m) => page.getByTestId(`experiments.mode.${m}`).isChecked()));
  expect(checked).toEqual([true, false, false, false, true]);
  await expect(page.getByTestId('experiments.seeds')).toHaveValue('1,2');
  await expect.poll(() => new URL(page.url()).searchParams.get('dataset.personas')).toBe('2');
  expect(consoleErrors).toEqual([]);
});

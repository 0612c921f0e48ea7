import { expect, test } from './fixtures';

test('the dev server (npm start) renders the lab, isolated, with no CSP violations', async ({ page, compute, consoleErrors }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'comam-lab' })).toBeVisible();
  await compute.waitReady();
  await expect(compute.matmul()).toHaveAttribute('data-ok', 'true');
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
  await testInfo.attach('npm-start', { body: await page.screenshot(), contentType: 'image/png' });
  expect(consoleErrors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
});

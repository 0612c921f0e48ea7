import { expect, test } from './fixtures';

test('reports the WebGPU backend with a correct matmul, cross-origin isolated', async ({ page, compute, consoleErrors }) => {
  await page.goto('/');
  await compute.waitReady();
  await expect(compute.backend()).toHaveAttribute('data-backend', 'webgpu');
  await expect(compute.backend()).toHaveText(/Compute: WebGPU \(.+\)/);
  await expect(compute.matmul()).toHaveAttribute('data-ok', 'true');
  await expect(compute.matmul()).toContainText('[19, 22, 43, 50]');
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('compute.isolated')).toHaveAttribute('data-isolated', 'true');
  expect(consoleErrors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
});

test('?backend=wasm reports WebAssembly', async ({ page, compute }) => {
  await page.goto('/?backend=wasm');
  await compute.waitReady();
  await expect(compute.backend()).toHaveAttribute('data-backend', 'wasm');
  await expect(compute.backend()).toHaveText('Compute: WebAssembly');
  await expect(compute.matmul()).toHaveAttribute('data-ok', 'true');
});

test('an unknown ?backend= shows a message and still starts', async ({ page, compute }) => {
  await page.goto('/?backend=cuda');
  await expect(page.getByTestId('url.problems')).toContainText('Unknown backend "cuda"');
  await compute.waitReady();
  await expect(compute.backend()).toHaveAttribute('data-status', 'ready');
});

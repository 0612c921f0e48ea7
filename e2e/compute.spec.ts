import { expect, test } from './fixtures';

test('with no GPU (only SwiftShader), auto runs on WebAssembly and says why WebGPU was not chosen', async ({ page, compute, consoleErrors }) => {
  await page.goto('/');
  await compute.waitReady();
  await expect(compute.backend()).toHaveAttribute('data-backend', 'wasm');
  await expect(compute.backend()).toHaveText('Compute: WebAssembly');
  await expect(compute.why()).toContainText('WebGPU not chosen: its adapter "swiftshader" is a fallback/CPU adapter (isFallbackAdapter');
  await expect(compute.matmul()).toHaveAttribute('data-ok', 'true');
  // The header says in words what the self-check computed and what passed.
  await expect(compute.matmul()).toContainText('Self-check passed: WebAssembly multiplied two 2×2 matrices and got the expected 19, 22, 43, 50.');
  await expect(compute.matmul()).toContainText('Checked here: WebGPU passed, WebAssembly passed, CPU passed.');
  // Every backend's own self-check is listed for the selector.
  for (const b of ['webgpu', 'wasm', 'cpu']) await expect(compute.check(b)).toHaveAttribute('data-ok', 'true');
  await expect(compute.check('webgpu')).toContainText('fallback adapter');
  await expect(compute.select()).toHaveValue('auto');
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('compute.isolated')).toHaveAttribute('data-isolated', 'true');
  expect(consoleErrors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
});

test('?backend=webgpu runs on the SwiftShader adapter with a correct matmul', async ({ page, compute }) => {
  await page.goto('/?backend=webgpu');
  await compute.waitReady();
  await expect(compute.backend()).toHaveAttribute('data-backend', 'webgpu');
  await expect(compute.backend()).toHaveText(/Compute: WebGPU \(.+\)/);
  await expect(compute.matmul()).toHaveAttribute('data-ok', 'true');
  await expect(compute.select()).toHaveValue('webgpu');
});

test('?backend=wasm reports WebAssembly', async ({ page, compute }) => {
  await page.goto('/?backend=wasm');
  await compute.waitReady();
  await expect(compute.backend()).toHaveAttribute('data-backend', 'wasm');
  await expect(compute.backend()).toHaveText('Compute: WebAssembly');
  await expect(compute.matmul()).toHaveAttribute('data-ok', 'true');
});

test('the backend selector switches backend through the URL and keeps stored data', async ({ page, compute }) => {
  await page.goto('/?rl.num_generations=4');
  await page.getByTestId('setup.dataset.seed').fill('7');
  await page.getByTestId('dataset.generate').click();
  await expect(page.getByTestId('dataset.job')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('dataset.list')).toContainText('lesson world (seed 7)');
  await compute.waitReady();
  await compute.select().selectOption('webgpu');
  await page.waitForURL(/backend=webgpu/);
  expect(new URL(page.url()).searchParams.get('rl.num_generations')).toBe('4');
  await compute.waitReady();
  await expect(compute.backend()).toHaveAttribute('data-backend', 'webgpu');
  await expect(page.getByTestId('dataset.list')).toContainText('lesson world (seed 7)');
  await compute.select().selectOption('auto');
  await page.waitForURL((url) => !url.searchParams.has('backend'));
  await compute.waitReady();
  await expect(compute.backend()).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('dataset.list')).toContainText('lesson world (seed 7)');
});

test('an unknown ?backend= shows a message and still starts', async ({ page, compute }) => {
  await page.goto('/?backend=cuda');
  await expect(page.getByTestId('url.problems')).toContainText('Unknown backend "cuda"');
  await compute.waitReady();
  await expect(compute.backend()).toHaveAttribute('data-status', 'ready');
});

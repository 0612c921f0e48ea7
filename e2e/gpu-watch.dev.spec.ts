// The uncaptured-WebGPU-error watch of e2e/fixtures.ts itself: an error no scope catches, in a page or in a
// worker running the lab's backend, reaches the fixture's list (which fails any other test at its end);
// these tests empty the list once they have seen it.
import { expect, test } from './fixtures';
import { warmImports } from './trainer.fixtures';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await warmImports(page, ['model/backend', 'model/webgpu/gpuErrors'], { trainer: false });
});

test('an uncaptured WebGPU error in a worker reaches the watch', async ({ page, gpuErrors }) => {
  const done = await page.evaluate(async () => {
    const code = `
      const { initBackend } = await import('${location.origin}/src/model/backend.ts');
      const { activeGpuDevice } = await import('${location.origin}/src/model/webgpu/gpuErrors.ts');
      await initBackend('webgpu');
      const device = activeGpuDevice();
      device.createBuffer({ size: 4, usage: 0xffffff });
      // Chromium delivers device errors once its command stream is flushed.
      device.queue.submit([]);
      await device.queue.onSubmittedWorkDone();
      setTimeout(() => postMessage('done'), 500);`;
    const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })), { type: 'module' });
    return new Promise<string>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<string>) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(e.message));
    });
  });
  expect(done).toBe('done');
  await expect.poll(() => gpuErrors.join('\n')).toMatch(/^worker blob:.*WebGPU uncaptured validation error: Value 16777215 is invalid/m);
  gpuErrors.length = 0;
});

test('an uncaptured WebGPU error in a page reaches the watch', async ({ page, gpuErrors }) => {
  await page.evaluate(async () => {
    const adapter = await navigator.gpu.requestAdapter();
    const device = await adapter?.requestDevice();
    device?.createBuffer({ size: 4, usage: 0xffffff });
    device?.queue.submit([]);
    await device?.queue.onSubmittedWorkDone();
    await new Promise((r) => setTimeout(r, 500));
  });
  await expect.poll(() => gpuErrors.join('\n')).toMatch(/^page .*WebGPU uncaptured error \(page hook\): Value 16777215 is invalid/m);
  gpuErrors.length = 0;
});

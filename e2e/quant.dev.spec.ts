// The quantized kernels on WebGPU in Chromium (SwiftShader here): QuantMatMul, its activation gradient
// and row dequantization against dequantize-then-matmul on fresh random inputs, the in-place KV write,
// a fixture model loaded at int8/int4 decoding through the preallocated cache, and the fused RoPE and
// decode-attention kernels against the unfused ops.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { FIXTURES, routeSharedFixtures, served } from './sharedFixtures';
import { warmImports } from './trainer.fixtures';

test.beforeEach(async ({ page }) => {
  await routeSharedFixtures(page);
  await page.goto('/');
  await warmImports(page, ['model/backend', 'model/engine', 'model/gradients', 'model/testing/quantChecks', 'model/testing/fusedChecks'], { trainer: false });
});

test('quantized kernels on webgpu match dequantize-then-matmul to 1e-4 relative (forward, dx, rows)', async ({ page, consoleErrors }) => {
  const result = await page.evaluate(async () => {
    const src = (name: string) => `/src/model/${name}.ts`;
    const { initBackend } = (await import(/* @vite-ignore */ src('backend'))) as typeof import('../src/model/backend');
    const { enableGradients } = (await import(/* @vite-ignore */ src('gradients'))) as typeof import('../src/model/gradients');
    const checks = (await import(/* @vite-ignore */ src('testing/quantChecks'))) as typeof import('../src/model/testing/quantChecks');
    const report = await initBackend('webgpu');
    await enableGradients();
    const errors = await checks.kernelErrors([
      [8, 5, 96, 40],
      [4, 7, 128, 24],
      [4, 3, 64, 320],
      [8, 33, 160, 70],
    ]);
    return { backend: report.backend, errors };
  });
  expect(result.backend).toBe('webgpu');
  console.log(`[quant e2e] relative errors ${JSON.stringify(result.errors)}`);
  expect(result.errors).toHaveLength(4);
  for (const e of result.errors) {
    expect(e.nonzero).toBe(true);
    expect(e.y).toBeLessThan(1e-4);
    expect(e.dx).toBeLessThan(1e-4);
    expect(e.rows).toBeLessThan(1e-6);
  }
  expect(consoleErrors).toEqual([]);
});

test('int8 / int4 fixture on webgpu: logits close to float32, and KV-cached greedy decoding follows the full forward argmax', async ({ page, consoleErrors }) => {
  const model = 'tiny-llama-f32';
  const ref = JSON.parse(readFileSync(join(FIXTURES, model, 'reference.json'), 'utf8')) as { input_ids: number[][]; logits: number[][][]; greedy: { prompt: number[] } };
  const result = await page.evaluate(
    async ({ model, ids, prompt, listing }) => {
      const src = (name: string) => `/src/model/${name}.ts`;
      const { initBackend } = (await import(/* @vite-ignore */ src('backend'))) as typeof import('../src/model/backend');
      const checks = (await import(/* @vite-ignore */ src('testing/quantChecks'))) as typeof import('../src/model/testing/quantChecks');
      await initBackend('webgpu');
      const base = `/__fixtures__/${model}`;
      const files = {
        location: base,
        has: (name: string) => Promise.resolve(listing.includes(`${base}/${name}`)),
        read: async (name: string) => new Uint8Array(await (await fetch(`${base}/${name}`)).arrayBuffer()),
      };
      return { int8: await checks.quantEngineReport(files, 'int8', ids, prompt), int4: await checks.quantEngineReport(files, 'int4', ids, prompt) };
    },
    { model, ids: ref.input_ids, prompt: ref.greedy.prompt, listing: served(model) },
  );
  const want = ref.logits.flat(2);
  for (const [precision, r] of Object.entries(result)) {
    const err = r.logits.reduce((m, v, i) => Math.max(m, Math.abs(v - (want[i] ?? NaN))), 0);
    console.log(`[quant e2e] ${precision}: max |logit - f32| ${err.toFixed(3)}, weights ${r.bytes} of ${r.f32Bytes} bytes`);
    expect(r.logits).toHaveLength(want.length);
    expect(err).toBeGreaterThan(0);
    expect(err).toBeLessThan(precision === 'int8' ? 1 : 10);
    expect(r.generated).toHaveLength(8);
    expect(r.generated).toEqual(r.argmax);
    expect(r.bytesFlat).toBe(true);
    expect(r.bytes).toBeLessThan(r.f32Bytes / 2);
  }
  expect(consoleErrors).toEqual([]);
});

test('fused RMSNorm and SwiGLU kernels on webgpu match plain tfjs ops, values and gradients, to 1e-4 relative', async ({ page, consoleErrors }) => {
  const errors = await page.evaluate(async () => {
    const src = (name: string) => `/src/model/${name}.ts`;
    const { initBackend } = (await import(/* @vite-ignore */ src('backend'))) as typeof import('../src/model/backend');
    const { enableGradients } = (await import(/* @vite-ignore */ src('gradients'))) as typeof import('../src/model/gradients');
    const checks = (await import(/* @vite-ignore */ src('testing/quantChecks'))) as typeof import('../src/model/testing/quantChecks');
    await initBackend('webgpu');
    await enableGradients();
    return checks.fusedErrors();
  });
  console.log(`[quant e2e] fused relative errors ${JSON.stringify(errors)}`);
  expect(Object.keys(errors)).toHaveLength(6);
  for (const e of Object.values(errors)) expect(e).toBeLessThan(1e-4);
  expect(consoleErrors).toEqual([]);
});

test('fused RoPE (values, gradients) and fused decode attention on webgpu match the unfused ops to 1e-5', async ({ page, consoleErrors }) => {
  const result = await page.evaluate(async () => {
    const src = (name: string) => `/src/model/${name}.ts`;
    const { initBackend } = (await import(/* @vite-ignore */ src('backend'))) as typeof import('../src/model/backend');
    const { enableGradients } = (await import(/* @vite-ignore */ src('gradients'))) as typeof import('../src/model/gradients');
    const checks = (await import(/* @vite-ignore */ src('testing/fusedChecks'))) as typeof import('../src/model/testing/fusedChecks');
    const report = await initBackend('webgpu');
    await enableGradients();
    const rope = await checks.ropeErrors([
      [2, 4, 2, 5, 16],
      [1, 9, 3, 7, 64],
    ]);
    const decode = await checks.decodeAttentionErrors([
      [2, 4, 2, 64, 16, 40],
      [3, 9, 3, 192, 64, 130],
      [1, 2, 1, 70, 8, 70],
      [2, 2, 2, 64, 160, 33],
    ]);
    return { backend: report.backend, rope, decode };
  });
  expect(result.backend).toBe('webgpu');
  console.log(`[quant e2e] fused rope ${JSON.stringify(result.rope)} decode attention ${JSON.stringify(result.decode)}`);
  expect(result.rope).toHaveLength(2);
  for (const e of result.rope) {
    expect(Object.keys(e)).toEqual(['q', 'k', 'dq', 'dk']);
    for (const v of Object.values(e)) expect(v).toBeLessThan(1e-5);
  }
  expect(result.decode).toHaveLength(4);
  for (const e of result.decode) expect(e).toBeLessThan(1e-5);
  expect(consoleErrors).toEqual([]);
});

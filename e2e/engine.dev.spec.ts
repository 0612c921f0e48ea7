// The decoder engine on WebGPU in Chromium: fixture logits (base and with the PEFT adapter) and the
// KV-cache greedy continuation, with the fixture files served from ../shared/fixtures by page.route.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { FIXTURES, routeSharedFixtures, served } from './sharedFixtures';
import { warmImports } from './trainer.fixtures';

interface Reference {
  input_ids: number[][];
  logits: number[][][];
  logits_with_adapter: number[][][];
  greedy: { prompt: number[]; continuation: number[] };
}

function maxAbsDiff(a: number[], b: number[]): number {
  if (a.length !== b.length) return Infinity;
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] ?? NaN))), 0);
}

test.beforeEach(async ({ page }) => {
  await routeSharedFixtures(page);
  await page.goto('/');
  await warmImports(page, ['model/backend', 'model/engine'], { trainer: false });
});

for (const model of ['tiny-llama-f32', 'tiny-qwen2-bf16']) {
  test(`${model}: logits on webgpu match reference.json, base and with the adapter, and greedy decoding`, async ({ page, consoleErrors }) => {
    const ref = JSON.parse(readFileSync(join(FIXTURES, model, 'reference.json'), 'utf8')) as Reference;
    const result = await page.evaluate(
      async ({ model, ids, prompt, steps, listing }) => {
        const src = (name: string) => `/src/model/${name}.ts`;
        const { initBackend } = (await import(/* @vite-ignore */ src('backend'))) as typeof import('../src/model/backend');
        const { Engine } = (await import(/* @vite-ignore */ src('engine'))) as typeof import('../src/model/engine');
        const report = await initBackend('webgpu');
        const folder = (base: string) => ({
          location: base,
          has: (name: string) => Promise.resolve(listing.includes(`${base}/${name}`)),
          read: async (name: string) => {
            const res = await fetch(`${base}/${name}`);
            if (!res.ok) throw new Error(`${base}/${name}: HTTP ${res.status}`);
            return new Uint8Array(await res.arrayBuffer());
          },
        });
        const engine = await Engine.load(folder(`/__fixtures__/${model}`));
        await engine.loadAdapter('fixture', folder(`/__fixtures__/${model}/adapter`));
        const batch = { ids, valid: ids.map((r) => r.map(() => 1)) };
        const base = engine.logits(batch);
        const baseLogits = Array.from(await base.data());
        base.dispose();
        engine.setActiveAdapter('fixture');
        const withAdapter = engine.logits(batch);
        const adapterLogits = Array.from(await withAdapter.data());
        withAdapter.dispose();
        engine.setActiveAdapter(null);
        const [greedy] = await engine.generate([prompt], { temperature: 0, maxTokens: steps, stopTokens: [] });
        engine.dispose();
        return { backend: report.backend, adapter: report.adapter, baseLogits, adapterLogits, greedy: greedy?.ids ?? [] };
      },
      { model, ids: ref.input_ids, prompt: ref.greedy.prompt, steps: ref.greedy.continuation.length, listing: served(model) },
    );
    expect(result.backend).toBe('webgpu');
    const baseErr = maxAbsDiff(result.baseLogits, ref.logits.flat(2));
    const adapterErr = maxAbsDiff(result.adapterLogits, ref.logits_with_adapter.flat(2));
    test.info().annotations.push({ type: 'max-abs-error', description: `${model} on ${JSON.stringify(result.adapter)}: base ${baseErr}, adapter ${adapterErr}` });
    console.log(`[engine e2e] ${model}: max |logit error| base ${baseErr.toExponential(2)}, adapter ${adapterErr.toExponential(2)}`);
    expect(baseErr).toBeLessThan(1e-4);
    expect(adapterErr).toBeLessThan(1e-4);
    expect(result.greedy).toEqual(ref.greedy.continuation);
    expect(consoleErrors).toEqual([]);
  });
}

test('paged-infer-tiny-llama: logits on webgpu match its golden file (untied lm_head, BF16)', async ({ page, consoleErrors }) => {
  const dir = join(FIXTURES, 'paged-infer-tiny-llama');
  const tokens = (/^tokens=(.*)$/m.exec(readFileSync(join(dir, 'tiny_llama_meta.txt'), 'utf8'))?.[1] ?? '').split(',').map(Number);
  const bin = readFileSync(join(dir, 'tiny_llama_golden.bin'));
  const golden = Array.from(new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength)));
  const logits = await page.evaluate(
    async ({ tokens, listing }) => {
      const src = (name: string) => `/src/model/${name}.ts`;
      const { initBackend } = (await import(/* @vite-ignore */ src('backend'))) as typeof import('../src/model/backend');
      const { Engine } = (await import(/* @vite-ignore */ src('engine'))) as typeof import('../src/model/engine');
      await initBackend('webgpu');
      const base = '/__fixtures__/paged-infer-tiny-llama';
      const files = {
        location: base,
        has: (name: string) => Promise.resolve(listing.includes(`${base}/${name}`)),
        read: async (name: string) => new Uint8Array(await (await fetch(`${base}/${name}`)).arrayBuffer()),
      };
      const engine = await Engine.load(files, { weightsFile: 'tiny_llama.safetensors' });
      const out = engine.logits({ ids: [tokens], valid: [tokens.map(() => 1)] });
      const values = Array.from(await out.data());
      out.dispose();
      engine.dispose();
      return values;
    },
    { tokens, listing: served('paged-infer-tiny-llama') },
  );
  const err = maxAbsDiff(logits, golden);
  console.log(`[engine e2e] paged-infer-tiny-llama: max |logit error| ${err.toExponential(2)}`);
  expect(err).toBeLessThan(1e-4);
  expect(consoleErrors).toEqual([]);
});

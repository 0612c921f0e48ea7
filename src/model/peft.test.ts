import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enableGradients } from './gradients';
import type { Engine } from './engine';
import { AdapterError } from './engineErrors';
import { ADAPTER_CONFIG, ADAPTER_WEIGHTS } from './peft';
import { parseSafetensors, writeSafetensors } from './safetensors';
import { nodeFolderFiles } from './sources/nodeFolder';
import { FIXTURES, fixtureFiles, loadFixture, reference } from './testing/fixtures';

function writeAdapter(files: Record<string, Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'adapter-'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  return dir;
}

const headerOf = (bytes: Uint8Array) => {
  const st = parseSafetensors(bytes);
  return new Map([...st.tensors].map(([k, e]) => [k, { dtype: e.dtype, shape: e.shape }]));
};

describe('PEFT adapters', () => {
  const ref = reference('tiny-llama-f32');
  const batch = { ids: ref.input_ids, valid: ref.input_ids.map((r) => r.map(() => 1)) };
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadFixture('tiny-llama-f32', 'cpu');
    await enableGradients();
  });
  afterAll(() => engine.dispose());

  it('saves the fixture adapter with exactly PEFT key names, shapes and config, and reloads it to identical logits', async () => {
    await engine.loadAdapter('fixture', fixtureFiles('tiny-llama-f32', 'adapter'));
    engine.setActiveAdapter('fixture');
    const before = await engine.logits(batch).data();
    const saved = await engine.saveAdapter('fixture', 'tiny-llama-f32');
    const fixtureDir = join(FIXTURES, 'tiny-llama-f32', 'adapter');
    expect(headerOf(saved[ADAPTER_WEIGHTS] ?? new Uint8Array())).toEqual(headerOf(readFileSync(join(fixtureDir, ADAPTER_WEIGHTS))));
    expect(JSON.parse(new TextDecoder().decode(saved[ADAPTER_CONFIG]))).toEqual(JSON.parse(readFileSync(join(fixtureDir, ADAPTER_CONFIG), 'utf8')));
    await engine.loadAdapter('reloaded', nodeFolderFiles(writeAdapter(saved)));
    engine.setActiveAdapter('reloaded');
    expect(Array.from(await engine.logits(batch).data())).toEqual(Array.from(before));
    engine.setActiveAdapter(null);
    engine.removeAdapter('fixture');
    engine.removeAdapter('reloaded');
  });

  it('a new adapter (B = 0) equals the frozen base; after training, switching it off gives the base back', async () => {
    const base = Array.from(await engine.logits(batch).data());
    const adapter = engine.createAdapter('agent', { rank: 4, alpha: 8, targets: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] }, 5);
    engine.setActiveAdapter('agent');
    expect(Array.from(await engine.logits(batch).data())).toEqual(base);
    const optimizer = tf.train.sgd(0.5);
    optimizer.minimize(() => tf.neg(tf.mean(engine.tokenLogprobs(batch))), false, adapter.variables());
    optimizer.dispose();
    const trained = await engine.logits(batch).data();
    expect(Math.max(...Array.from(trained, (v, i) => Math.abs(v - (base[i] ?? 0))))).toBeGreaterThan(1e-3);
    const saved = await engine.saveAdapter('agent', 'tiny-llama-f32');
    await engine.loadAdapter('copy', nodeFolderFiles(writeAdapter(saved)));
    engine.setActiveAdapter('copy');
    expect(Array.from(await engine.logits(batch).data())).toEqual(Array.from(trained));
    engine.setActiveAdapter(null);
    expect(Array.from(await engine.logits(batch).data())).toEqual(base);
    engine.removeAdapter('agent');
    engine.removeAdapter('copy');
  });

  it('rejects adapters that do not fit, naming the key or field', async () => {
    const good = await engine.saveAdapter(engine.createAdapter('x', { rank: 2, alpha: 4, targets: ['q_proj'] }, 1).name, 'b');
    engine.removeAdapter('x');
    const cfg = JSON.parse(new TextDecoder().decode(good[ADAPTER_CONFIG])) as Record<string, unknown>;
    const withConfig = (c: Record<string, unknown>) => nodeFolderFiles(writeAdapter({ ...good, [ADAPTER_CONFIG]: new TextEncoder().encode(JSON.stringify(c)) }));
    await expect(engine.loadAdapter('y', withConfig({ ...cfg, target_modules: ['q_proj', 'lm_head'] }))).rejects.toThrow(/"lm_head" is not supported/);
    await expect(engine.loadAdapter('y', withConfig({ ...cfg, use_dora: true }))).rejects.toThrow(AdapterError);
    await expect(engine.loadAdapter('y', withConfig({ ...cfg, target_modules: ['q_proj', 'v_proj'] }))).rejects.toThrow(/v_proj.lora_A.weight" is missing/);
    await expect(engine.loadAdapter('y', withConfig({ ...cfg, r: 3 }))).rejects.toThrow(/q_proj.lora_A.weight" has shape \[2,64\], expected \[3,64\]/);
    const extra = writeSafetensors([{ name: 'base_model.model.lm_head.lora_A.weight', tensor: { shape: [1], data: Float32Array.from([0]) } }]);
    await expect(engine.loadAdapter('y', nodeFolderFiles(writeAdapter({ ...good, [ADAPTER_WEIGHTS]: extra })))).rejects.toThrow(/key "base_model.model.lm_head.lora_A.weight" is not a LoRA weight/);
    expect(engine.adapterNames()).toEqual([]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../model/engine';
import { fixtureFiles, loadFixture } from '../model/testing/fixtures';
import { adapterArchiveFiles, readAdapterArchive, unzipFiles, zipFiles } from './adapterArchive';
import { AdapterMismatchError } from './errors';
import { importAdapterArchive } from './importAdapters';
import { generateWithRunAdapter } from './runAdapters';
import { fixtureAdapter, fixtureBase, freshDb, runRecord, withConfig } from './testkit';

const three = { extractor: { step: 3, files: fixtureAdapter() }, profiler: { step: 3, files: fixtureAdapter() }, retriever: { step: 3, files: fixtureAdapter() } };

describe('adapter import', () => {
  it('stores the archive as a finished run with its setup and adapters; a second import gets a new id', async () => {
    const db = freshDb();
    const run = runRecord('run-x', 3);
    const zip = zipFiles(adapterArchiveFiles({ run, adapters: three, agents: ['extractor', 'profiler', 'retriever'], last: undefined }));
    const archive = readAdapterArchive(unzipFiles(zip, 'x.zip'), 'x.zip');
    const r = await importAdapterArchive(db, archive, fixtureBase(), { source: 'x.zip', now: 5 });
    expect(r).toMatchObject({ runId: 'imported-run-x', agents: ['extractor', 'profiler', 'retriever'], spec: { r: 4, alpha: 8 } });
    const stored = await db.runs.get('imported-run-x');
    expect(stored).toMatchObject({ status: 'done', step: 3, checkpointStep: 0, baseModel: 'tiny-llama-f32', setup: { ...run.setup, model: { kind: 'bundled', name: 'tiny-llama-f32' } } });
    expect(stored?.message).toContain('cannot be resumed');
    const files = (await db.adapters.get(['imported-run-x', 'profiler']))?.files;
    expect(files?.['adapter_model.safetensors']).toEqual(fixtureAdapter()['adapter_model.safetensors']);
    // The export named the bundled base by its folder in the repository; the import check took it as the same base.
    expect(JSON.parse(new TextDecoder().decode(files?.['adapter_config.json']))).toMatchObject({ base_model_name_or_path: 'public/models/tiny-llama-f32', r: 4 });
    expect((await importAdapterArchive(db, archive, fixtureBase(), { source: 'x.zip' })).runId).toBe('imported-run-x-2');
  });

  it('writes nothing when one adapter does not fit, and refuses agents with different LoRA settings', async () => {
    const db = freshDb();
    const archive = { adapters: { extractor: fixtureAdapter(), retriever: withConfig(fixtureAdapter(), { base_model_name_or_path: 'Qwen/Qwen2.5-0.5B' }) } };
    await expect(importAdapterArchive(db, archive, fixtureBase(), { source: 'y' })).rejects.toThrow(AdapterMismatchError);
    const mixed = { adapters: { extractor: fixtureAdapter(), retriever: withConfig(fixtureAdapter(), { lora_alpha: 16 }) } };
    await expect(importAdapterArchive(db, mixed, fixtureBase(), { source: 'y' })).rejects.toThrow(/lora_alpha 16 but the extractor adapter 8/);
    expect([await db.runs.count(), await db.adapters.count()]).toEqual([0, 0]);
  });
});

describe('generation with a stored adapter', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadFixture('tiny-llama-f32', 'cpu');
  });
  afterAll(() => engine.dispose());

  it('an imported adapter generates what the same PEFT folder loaded directly generates, for a fixed seed', async () => {
    const db = freshDb();
    const { runId } = await importAdapterArchive(db, { adapters: { retriever: fixtureAdapter() } }, fixtureBase(), { source: 'folder' });
    const opts = { seed: 7, temperature: 1, maxTokens: 6 };
    const prompts = [[1, 2, 3, 4], [5, 6]];
    const before = tf.memory().numTensors;
    const viaStore = await generateWithRunAdapter(engine, db, runId, 'retriever', prompts, opts);
    expect(tf.memory().numTensors).toBe(before);
    await engine.loadAdapter('direct', fixtureFiles('tiny-llama-f32', 'adapter'));
    engine.setActiveAdapter('direct');
    const direct = await engine.generate(prompts, opts);
    engine.setActiveAdapter(null);
    const base = await engine.generate(prompts, opts);
    expect(viaStore).toEqual(direct);
    expect(viaStore.map((g) => g.ids)).not.toEqual(base.map((g) => g.ids));
    await expect(generateWithRunAdapter(engine, db, runId, 'extractor', prompts, opts)).rejects.toThrow(/no stored extractor adapter/);
  });
});

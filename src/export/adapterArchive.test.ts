import { strFromU8, zipSync } from 'fflate';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricsAt } from '../store/run.testkit';
import { adapterArchiveFiles, adapterZipName, readAdapterArchive, runBaseModel, unzipFiles, zipFiles } from './adapterArchive';
import { AdapterArchiveError, ExportInputError } from './errors';
import { parseRunConfig } from './runConfig';
import { fixtureAdapter, runRecord } from './testkit';

const adapters = { extractor: { step: 2, files: fixtureAdapter() }, profiler: { step: 2, files: fixtureAdapter() }, retriever: { step: 2, files: fixtureAdapter() } };

const configOf = (files: Record<string, Uint8Array> | undefined) => JSON.parse(strFromU8(files?.['adapter_config.json'] ?? new Uint8Array())) as Record<string, unknown>;

describe('adapter archive', () => {
  it('names a bundled base by its Hugging Face folder in the repository, in the adapters, the card and run_config.json', () => {
    const run = { ...runRecord('run-b', 2), baseModel: 'comam-tiny' };
    run.setup = { ...run.setup, model: { kind: 'bundled', name: 'comam-tiny' } };
    const files = adapterArchiveFiles({ run, adapters, agents: ['extractor', 'retriever'], last: undefined });
    const base = configOf({ 'adapter_config.json': files['retriever/adapter_config.json'] }).base_model_name_or_path;
    expect(base).toBe('public/models/comam-tiny');
    // The path is the bundled model's folder in this repository: an HF folder AutoModelForCausalLM loads.
    expect(existsSync(join(String(base), 'config.json')) && existsSync(join(String(base), 'model.safetensors'))).toBe(true);
    const card = strFromU8(files['README.md']);
    expect(card).toContain('base_model: public/models/comam-tiny');
    expect(card).toContain('base = AutoModelForCausalLM.from_pretrained("public/models/comam-tiny")');
    expect(card).toContain('model = PeftModel.from_pretrained(base, "extractor")');
    expect(card).toContain('a Hugging Face folder');
    expect(JSON.parse(strFromU8(files['run_config.json']))).toMatchObject({ base_model: 'public/models/comam-tiny' });
    // A hub base keeps its repository id, which from_pretrained resolves itself.
    const hub = { ...run, baseModel: 'o/m', setup: { ...run.setup, model: { kind: 'hub' as const, repo: 'o/m', revision: 'main' } } };
    const hubFiles = adapterArchiveFiles({ run: hub, adapters, agents: ['extractor'], last: undefined });
    expect(configOf({ 'adapter_config.json': hubFiles['extractor/adapter_config.json'] }).base_model_name_or_path).toBe('o/m');
    expect(strFromU8(hubFiles['README.md'])).toContain('AutoModelForCausalLM.from_pretrained("o/m")');
  });

  it('lays out one PEFT folder per agent, the model card and the run config, and reads them back from the zip', () => {
    const run = runRecord('run-a', 2);
    const files = adapterArchiveFiles({ run, adapters, agents: ['retriever', 'extractor', 'profiler'], last: metricsAt(2, 0.5) });
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'extractor/adapter_config.json',
      'extractor/adapter_model.safetensors',
      'profiler/adapter_config.json',
      'profiler/adapter_model.safetensors',
      'retriever/adapter_config.json',
      'retriever/adapter_model.safetensors',
      'run_config.json',
    ]);
    const zip = zipFiles(files);
    expect(zipFiles(files)).toEqual(zip);
    const back = readAdapterArchive(unzipFiles(zip, 'a.zip'), 'a.zip');
    expect(back.adapters.extractor?.['adapter_model.safetensors']).toEqual(fixtureAdapter()['adapter_model.safetensors']);
    // adapter_config.json is PEFT's own, only base_model_name_or_path names the bundled base's folder.
    expect(configOf(back.adapters.extractor)).toEqual({ ...configOf(fixtureAdapter()), base_model_name_or_path: 'public/models/tiny-llama-f32' });
    expect(back.runConfig).toMatchObject({ run_id: 'run-a', base_model: 'public/models/tiny-llama-f32', steps: 2, adapter_step: 2, setup: run.setup });
    expect(back.card).toContain('# comam-lab adapters of run `run-a`');
  });

  it('exports one agent alone, and names the zip after the run and the agents', () => {
    const files = adapterArchiveFiles({ run: runRecord('r'), adapters, agents: ['profiler'], last: undefined });
    expect(Object.keys(files).filter((p) => p.includes('/'))).toEqual(['profiler/adapter_config.json', 'profiler/adapter_model.safetensors']);
    expect(adapterZipName('r/1', ['profiler'])).toBe('comam-lab-r_1-profiler.zip');
    expect(adapterZipName('r', ['extractor', 'profiler', 'retriever'])).toBe('comam-lab-r-adapters.zip');
  });

  it('names the base from the adapters or the setup when the run record has none', () => {
    const run = { ...runRecord('r'), baseModel: '' };
    const card = strFromU8(adapterArchiveFiles({ run, adapters, agents: ['extractor'], last: undefined })['README.md']);
    expect(card).toContain('base_model: public/models/tiny-llama-f32');
    expect(runBaseModel({ ...run, setup: { ...run.setup, model: { kind: 'hub', repo: 'o/m', revision: 'main' } } })).toBe('o/m');
  });

  it('refuses to export an agent without a stored adapter, or no agent at all', () => {
    expect(() => adapterArchiveFiles({ run: runRecord('r'), adapters: { extractor: adapters.extractor }, agents: ['retriever'], last: undefined })).toThrow(ExportInputError);
    expect(() => adapterArchiveFiles({ run: runRecord('r'), adapters, agents: [], last: undefined })).toThrow(/at least one agent/);
  });

  it('reads a folder with a shared top folder, and a single adapter only when told its agent', () => {
    const nested = readAdapterArchive({ 'my-run/retriever/adapter_config.json': fixtureAdapter()['adapter_config.json'], 'my-run/retriever/adapter_model.safetensors': fixtureAdapter()['adapter_model.safetensors'], '__MACOSX/x': new Uint8Array(1) }, 'my-run');
    expect(Object.keys(nested.adapters)).toEqual(['retriever']);
    expect(() => readAdapterArchive(fixtureAdapter(), 'one')).toThrow(/choose which agent/);
    expect(Object.keys(readAdapterArchive(fixtureAdapter(), 'one', 'profiler').adapters)).toEqual(['profiler']);
  });

  it('names what is missing or broken', () => {
    expect(() => readAdapterArchive({ 'extractor/adapter_config.json': new Uint8Array(2) }, 'x.zip')).toThrow(/not adapter_model\.safetensors/);
    expect(() => readAdapterArchive({ 'notes.txt': new Uint8Array(2) }, 'x.zip')).toThrow(AdapterArchiveError);
    const zip = zipFiles(adapterArchiveFiles({ run: runRecord('r'), adapters, agents: ['extractor'], last: undefined }));
    expect(() => unzipFiles(zip.subarray(0, zip.length - 30), 'cut.zip')).toThrow(/cut\.zip is not a readable zip/);
    const badRc = zipSync({ 'extractor/adapter_config.json': fixtureAdapter()['adapter_config.json'], 'extractor/adapter_model.safetensors': fixtureAdapter()['adapter_model.safetensors'], 'run_config.json': new TextEncoder().encode('{"format":"x"}') });
    expect(() => readAdapterArchive(unzipFiles(badRc, 'b.zip'), 'b.zip')).toThrow(/"format" must be/);
  });

  it('writes run_config.json that parses back', () => {
    const files = adapterArchiveFiles({ run: runRecord('r', 5), adapters, agents: ['extractor'], last: undefined });
    expect(parseRunConfig(files['run_config.json']).steps).toBe(5);
    expect(strFromU8(files['README.md'])).toContain('No step was recorded.');
  });
});

import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { perAgent } from '../../agents/names';
import { exportBackup } from '../../export/backup';
import { fixtureAdapter, FIXTURE_DIR, freshDb, runRecord } from '../../export/testkit';
import { metricsAt } from '../../store/run.testkit';
import { bufferIo } from '../io';
import { main } from '../main';
import { FolderRunStore } from '../runFolder';

async function runFolder(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'export-')), 'run');
  const store = new FolderRunStore(dir);
  await store.createRun(runRecord('cli-run', 0));
  const state = { step: 1, adapters: perAgent(() => []), optimizers: perAgent(() => ({})), rng: [0, 0, 0, 0], cursor: { epoch: 0, offset: 1 } } as never;
  await store.commitStep({ runId: 'cli-run', step: 1, metrics: metricsAt(1, 0.75), trajectories: [], memoryItems: [], notes: [], now: 1, checkpoint: { runId: 'cli-run', step: 1, createdAt: 1, state, peft: perAgent(() => fixtureAdapter()) } });
  return dir;
}

describe('comam-lab export / import', { timeout: 120_000 }, () => {
  it('exports a run folder as PEFT folders + card + config, and imports them onto the same base for `model generate --adapter`', async () => {
    const dir = await runFolder();
    const zip = join(dir, '..', 'out', 'a.zip');
    const io = bufferIo();
    expect(await main(['export', '--run', dir, '--out', zip], io)).toBe(0);
    expect(io.stdout()).toContain('extractor, profiler, retriever of run cli-run, step 1');
    const entries = unzipSync(new Uint8Array(readFileSync(zip)));
    expect(Object.keys(entries).sort()).toEqual(['README.md', 'extractor/adapter_config.json', 'extractor/adapter_model.safetensors', 'profiler/adapter_config.json', 'profiler/adapter_model.safetensors', 'retriever/adapter_config.json', 'retriever/adapter_model.safetensors', 'run_config.json']);
    expect(strFromU8(entries['README.md'])).toContain('| accuracy (global reward, mean over the step) | 0.75 |');

    const one = join(dir, '..', 'out', 'one.zip');
    expect(await main(['export', '--run', dir, '--out', one, '--agent', 'retriever'], bufferIo())).toBe(0);
    expect(Object.keys(unzipSync(new Uint8Array(readFileSync(one)))).filter((p) => p.includes('/'))).toEqual(['retriever/adapter_config.json', 'retriever/adapter_model.safetensors']);

    const target = join(dir, '..', 'imported');
    const imp = bufferIo();
    expect(await main(['import', zip, '--model', FIXTURE_DIR, '--out', target], imp)).toBe(0);
    expect(imp.stdout()).toContain('imported extractor, profiler, retriever onto tiny-llama-f32 (r 4, lora_alpha 8');
    expect(readdirSync(join(target, 'adapters', 'retriever')).sort()).toEqual(['adapter_config.json', 'adapter_model.safetensors']);
    expect(readFileSync(join(target, 'README.md'), 'utf8')).toContain('run `cli-run`');

    const gen = (adapter: string) => {
      const g = bufferIo();
      return main(['model', 'generate', '--model', FIXTURE_DIR, '--ids', '1,2,3', '--adapter', adapter, '--seed', '3', '--max-tokens', '5', '--backend', 'cpu', '--json'], g).then(() => JSON.parse(g.stdout()) as { ids: number[] });
    };
    expect(await gen(join(target, 'adapters', 'retriever'))).toEqual(await gen(join(FIXTURE_DIR, 'adapter')));
  });

  it('refuses a base, rank or agent that does not fit, with the named error', async () => {
    const dir = await runFolder();
    const zip = join(dir, 'a.zip');
    await main(['export', '--run', dir, '--out', zip], bufferIo());
    const wrongBase = bufferIo();
    expect(await main(['import', zip, '--model', 'bundled:comam-tiny', '--out', join(dir, 'x')], wrongBase)).toBe(1);
    expect(wrongBase.stderr()).toMatch(/^AdapterMismatchError: The extractor adapter was trained on "public\/models\/tiny-llama-f32", not on the chosen base "comam-tiny"/);
    const rank = bufferIo();
    expect(await main(['import', zip, '--model', FIXTURE_DIR, '--out', join(dir, 'x'), '--r', '8', '--targets', 'q_proj,v_proj'], rank)).toBe(1);
    expect(rank.stderr()).toContain('has rank r = 4, but the run expects r = 8');
    const agent = bufferIo();
    expect(await main(['export', '--run', dir, '--out', zip, '--agent', 'planner'], agent)).toBe(1);
    expect(agent.stderr()).toContain('ExportInputError: --agent "planner" is not an agent');
  });

  it('exports a run of a browser backup file', async () => {
    const db = freshDb();
    await db.runs.add(runRecord('web-run', 4));
    await db.adapters.put({ runId: 'web-run', agent: 'profiler', step: 4, files: fixtureAdapter() });
    await db.metrics.put({ ...metricsAt(4, 0.5), runId: 'web-run', notes: [] });
    const dir = mkdtempSync(join(tmpdir(), 'backup-'));
    const file = join(dir, 'backup.zip');
    writeFileSync(file, await exportBackup(db));
    const io = bufferIo();
    expect(await main(['export', '--backup', file, '--id', 'web-run', '--agent', 'profiler', '--out', join(dir, 'p.zip')], io)).toBe(0);
    expect(io.stdout()).toContain('profiler of run web-run, step 4');
    const entries = unzipSync(new Uint8Array(readFileSync(join(dir, 'p.zip'))));
    expect(entries['profiler/adapter_model.safetensors']).toEqual(fixtureAdapter()['adapter_model.safetensors']);
    expect(strFromU8(entries['README.md'])).toContain('At step 4:');
    const missing = bufferIo();
    expect(await main(['export', '--backup', file, '--id', 'nope', '--out', join(dir, 'n.zip')], missing)).toBe(1);
    expect(missing.stderr()).toContain('holds no run "nope"; it holds web-run');
    expect(await main(['export', '--backup', file, '--out', join(dir, 'n.zip')], bufferIo())).toBe(2);
  });
});

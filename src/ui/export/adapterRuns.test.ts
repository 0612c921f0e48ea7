import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fixtureAdapter, freshDb, runRecord } from '../../export/testkit';
import { metricsAt } from '../../store/run.testkit';
import { adapterRuns, pickedFiles, runAdapterZip } from './adapterRuns';

describe('adapters panel data', () => {
  it('lists runs with the agents that have adapters, and zips the chosen ones with the last metrics in the card', async () => {
    const db = freshDb();
    await db.runs.bulkAdd([runRecord('a', 2), { ...runRecord('b', 0), createdAt: Date.UTC(2026, 10, 24) }]);
    await db.adapters.bulkPut([{ runId: 'a', agent: 'retriever', step: 2, files: fixtureAdapter() }, { runId: 'a', agent: 'extractor', step: 2, files: fixtureAdapter() }]);
    await db.metrics.bulkPut([{ ...metricsAt(1), runId: 'a', notes: [] }, { ...metricsAt(2, 0.875), runId: 'a', notes: [] }]);
    expect((await adapterRuns(db)).map((r) => [r.run.id, r.agents])).toEqual([['b', []], ['a', ['extractor', 'retriever']]]);
    const zip = await runAdapterZip(db, 'a', ['retriever']);
    expect(zip.name).toBe('comam-lab-a-retriever.zip');
    const entries = unzipSync(zip.bytes);
    expect(Object.keys(entries).sort()).toEqual(['README.md', 'retriever/adapter_config.json', 'retriever/adapter_model.safetensors', 'run_config.json']);
    expect(new TextDecoder().decode(entries['README.md'])).toContain('| 0.875 |');
    await expect(runAdapterZip(db, 'a', ['profiler'])).rejects.toThrow(/no stored profiler adapter/);
    await expect(runAdapterZip(db, 'gone', ['profiler'])).rejects.toThrow(/not stored in this browser/);
  });

  it('reads a picked zip by its entries', async () => {
    const db = freshDb();
    await db.runs.add(runRecord('a', 2));
    await db.adapters.put({ runId: 'a', agent: 'profiler', step: 2, files: fixtureAdapter() });
    const { bytes } = await runAdapterZip(db, 'a', ['profiler']);
    const picked = await pickedFiles([new File([new Uint8Array(bytes)], 'a.zip')]);
    expect(picked.source).toBe('a.zip');
    expect(Object.keys(picked.files)).toContain('profiler/adapter_model.safetensors');
    await expect(pickedFiles([])).rejects.toThrow(/No file was picked/);
  });

  it('reads a picked folder by the files’ paths below it', async () => {
    const file = (path: string, bytes: Uint8Array) => ({ name: path.split('/').at(-1), webkitRelativePath: path, arrayBuffer: () => Promise.resolve(bytes.slice().buffer) }) as unknown as File;
    const a = fixtureAdapter();
    const picked = await pickedFiles([file('run-9/extractor/adapter_config.json', a['adapter_config.json']), file('run-9/extractor/adapter_model.safetensors', a['adapter_model.safetensors'])]);
    expect(picked.source).toBe('run-9');
    expect(picked.files['run-9/extractor/adapter_config.json']).toEqual(a['adapter_config.json']);
  });
});

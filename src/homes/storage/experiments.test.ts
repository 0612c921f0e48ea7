import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { planExperiment } from '../../experiments/plan';
import { DB_NAME, LabDb, SCHEMAS } from './db';
import { deleteExperiment, DexieExperimentStore, experimentRuns, listExperiments } from './experiments';
import { listRuns } from './runs';
import { defaultSetup } from '../../run/setup';

const run = (id: string, createdAt: number) => ({ id, setup: defaultSetup(), status: 'done' as const, createdAt, updatedAt: createdAt, step: 2, checkpointStep: 2, baseModel: 'm' });

describe('schema version 4 (experiments)', () => {
  it('a version-2 database with runs opens at the latest version with every row intact', async () => {
    const indexedDB = new IDBFactory();
    const old = new Dexie(DB_NAME, { indexedDB, IDBKeyRange });
    for (const s of SCHEMAS.filter((x) => x.version <= 2)) old.version(s.version).stores(s.stores);
    await old.open();
    await old.table('runs').add(run('old-run', 1));
    await old.table('metrics').put({ runId: 'old-run', step: 1, notes: ['kept'] });
    await old.table('datasets').add({ id: 'd', name: 'd', source: 'synthetic', createdAt: 1, counts: { personas: 0, contexts: 0, questions: 0, turns: 0 }, split: { train: [], val: [] } });
    old.close();

    const db = new LabDb({ indexedDB, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(SCHEMAS.at(-1)?.version);
    expect(SCHEMAS.map((s) => s.version)).toEqual([1, 2, 3, 4]);
    expect((await listRuns(db)).map((r) => r.id)).toEqual(['old-run']);
    expect(await db.metrics.get(['old-run', 1])).toMatchObject({ notes: ['kept'] });
    expect(await db.datasets.count()).toBe(1);
    expect(await listExperiments(db)).toEqual([]);
    expect(await experimentRuns(db, 'x')).toEqual([]);
    db.close();
  });

  it('stores experiments, tags runs with them and reads run statuses', async () => {
    const db = new LabDb({ indexedDB: new IDBFactory(), IDBKeyRange });
    const store = new DexieExperimentStore(db);
    const a = planExperiment({ name: 'a', base: { ...defaultSetup(), steps: 1 }, modes: ['adaptive', 'local'], seeds: [1] }, 'exp-a', 1);
    const b = planExperiment({ name: 'b', base: { ...defaultSetup(), steps: 1 }, modes: ['global'], seeds: [1, 2] }, 'exp-b', 2);
    await store.putExperiment(a);
    await store.putExperiment(b);
    await db.runs.bulkAdd([run('r1', 1), run('r2', 2)]);
    await store.tagRun('r1', 'exp-a');
    expect((await listExperiments(db)).map((e) => e.id)).toEqual(['exp-b', 'exp-a']);
    expect(await store.getExperiment('exp-a')).toEqual(a);
    expect((await experimentRuns(db, 'exp-a')).map((r) => r.id)).toEqual(['r1']);
    expect(await store.runStatus('r2')).toBe('done');
    expect(await store.runStatus('gone')).toBeUndefined();
    await deleteExperiment(db, 'exp-a');
    expect((await listExperiments(db)).map((e) => e.id)).toEqual(['exp-b']);
    expect(await db.runs.count()).toBe(2);
  });
});

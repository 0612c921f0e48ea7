import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { generateWorld } from '../../env/generator';
import { WORLD_PRESETS } from '../../env/worldConfig';
import { DB_NAME, LabDb, SCHEMAS } from './db';
import { deleteRun, listRuns } from './runs';

describe('schema version 2 (runs)', () => {
  it('a version-1 database with data opens at the latest version with the data intact', async () => {
    const indexedDB = new IDBFactory();
    const world = generateWorld({ ...WORLD_PRESETS.tiny, seed: 9 });
    const old = new Dexie(DB_NAME, { indexedDB, IDBKeyRange });
    old.version(1).stores(SCHEMAS[0].stores);
    await old.open();
    await old.table('datasets').add({ id: world.id, name: world.name, source: world.source, createdAt: 1, counts: { personas: 0, contexts: 0, questions: 0, turns: 0 }, split: world.split });
    await old.table('personas').bulkAdd(world.personas.map((p, seq) => ({ ...p, datasetId: world.id, seq })));
    old.close();

    const db = new LabDb({ indexedDB, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(SCHEMAS.at(-1)?.version);
    expect(await db.datasets.get(world.id)).toMatchObject({ id: world.id, createdAt: 1 });
    expect(await db.personas.count()).toBe(world.personas.length);
    expect(await listRuns(db)).toEqual([]);
    await db.runs.add({ id: 'r', setup: {} as never, status: 'done', createdAt: 1, updatedAt: 1, step: 0, checkpointStep: 0, baseModel: '' });
    await db.metrics.put({ runId: 'r', step: 1, notes: [] } as never);
    await deleteRun(db, 'r');
    expect([await db.runs.count(), await db.metrics.count()]).toEqual([0, 0]);
  });
});

describe('schema version 3 (stepper and memory bank indexes)', () => {
  it('a version-2 database with runs, trajectories and memory items opens at the latest version with every row intact and indexed', async () => {
    const indexedDB = new IDBFactory();
    const old = new Dexie(DB_NAME, { indexedDB, IDBKeyRange });
    old.version(1).stores(SCHEMAS[0].stores);
    old.version(2).stores(SCHEMAS[1].stores);
    await old.open();
    const traj = { runId: 'r', step: 1, group: 0, trajectory: 0, question_id: 'q1', persona_id: 'p0', outputs: { extractor: 'a', profiler: 'b', retriever: 'c' } };
    await old.table('trajectories').bulkAdd([traj, { ...traj, trajectory: 1 }, { ...traj, step: 2 }]);
    const item = { runId: 'r', step: 1, questionId: 'q1', personaId: 'p0', group: 0, trajectory: 0, agent: 'extractor', kind: 'fine', text: 'likes tea' };
    await old.table('memoryItems').bulkAdd([item, { ...item, agent: 'profiler', kind: 'coarse', text: 'profile' }, { ...item, personaId: 'p1' }]);
    old.close();

    const db = new LabDb({ indexedDB, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(SCHEMAS.at(-1)?.version);
    expect(await db.trajectories.where('[runId+step+group]').equals(['r', 1, 0]).toArray()).toEqual([
      { ...traj, seq: 1 },
      { ...traj, trajectory: 1, seq: 2 },
    ]);
    expect(await db.memoryItems.where('personaId').equals('p0').count()).toBe(2);
    expect((await db.memoryItems.where('agent').equals('profiler').toArray()).map((m) => m.text)).toEqual(['profile']);
  });
});

import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { RunNotFoundError } from '../../rl/trainerErrors';
import { LabDb } from './db';
import { dexieHistory } from './dexieHistory';
import { metricsAt } from '../../store/run.testkit';
import { defaultSetup } from '../../run/setup';

async function seeded() {
  const db = new LabDb({ indexedDB: new IDBFactory(), IDBKeyRange });
  const setup = defaultSetup();
  await db.runs.bulkAdd([
    { id: 'old', setup, status: 'done', createdAt: 1000, updatedAt: 1000, step: 3, checkpointStep: 3, baseModel: 'comam-tiny' },
    { id: 'new', setup: { ...setup, seed: 7 }, status: 'paused', createdAt: 2000, updatedAt: 2000, step: 1, checkpointStep: 0, baseModel: 'comam-tiny' },
  ]);
  // Stored out of order: the history gives them back in step order.
  for (const [runId, step, global] of [['old', 2, 0.5], ['old', 1, 0.25], ['old', 3, 0.375], ['new', 1, 0.125]] as const) {
    await db.metrics.put({ ...metricsAt(step, global), runId, notes: ['a note'] });
  }
  await db.trajectories.add({ runId: 'old', step: 1 } as never);
  return db;
}

describe('dexieHistory', () => {
  it('lists every stored run newest first with status and headline numbers', async () => {
    const runs = await dexieHistory(await seeded()).list();
    expect(runs.map((r) => [r.id, r.status, r.setup.seed])).toEqual([
      ['new', 'paused', 7],
      ['old', 'done', 1],
    ]);
    expect(runs[1].headline).toEqual({ steps: 3, lastGlobal: 0.375, bestGlobal: 0.5, lastWeights: { extractor: 0.5, profiler: 0.3, retriever: 0.2 } });
  });

  it('opens a run with its metrics exactly as emitted, in step order', async () => {
    const run = await dexieHistory(await seeded()).open('old');
    expect(run.summary.id).toBe('old');
    expect(run.metrics).toEqual([metricsAt(1, 0.25), metricsAt(2, 0.5), metricsAt(3, 0.375)]);
  });

  it('an unknown run is a RunNotFoundError on open and delete', async () => {
    const h = dexieHistory(await seeded());
    await expect(h.open('gone')).rejects.toThrow(RunNotFoundError);
    await expect(h.delete('gone')).rejects.toThrow(/No run "gone"/);
  });

  it('delete removes the run and everything stored with it, and leaves the others', async () => {
    const db = await seeded();
    const h = dexieHistory(db);
    await h.delete('old');
    expect((await h.list()).map((r) => r.id)).toEqual(['new']);
    expect(await db.metrics.where('runId').equals('old').count()).toBe(0);
    expect(await db.trajectories.count()).toBe(0);
    expect(await db.metrics.count()).toBe(1);
  });

  it('marks a run stored as running that no tab holds as interrupted (the page training it was closed)', async () => {
    const db = await seeded();
    await db.runs.add({ id: 'orphan', setup: defaultSetup(), status: 'running', createdAt: 3000, updatedAt: 3000, step: 0, checkpointStep: 0, baseModel: '' });
    await db.runs.add({ id: 'elsewhere', setup: defaultSetup(), status: 'loading', createdAt: 2500, updatedAt: 2500, step: 0, checkpointStep: 0, baseModel: '' });
    const runs = await dexieHistory(db, () => Promise.resolve(new Set(['elsewhere']))).list();
    expect(runs.map((r) => [r.id, r.status, r.interrupted ?? false])).toEqual([
      ['orphan', 'running', true],
      ['elsewhere', 'loading', false],
      ['new', 'paused', false],
      ['old', 'done', false],
    ]);
    expect((await dexieHistory(db).list()).some((r) => r.interrupted)).toBe(false);
    expect((await dexieHistory(db, () => Promise.resolve(new Set<string>())).open('orphan')).summary.interrupted).toBe(true);
  });
});

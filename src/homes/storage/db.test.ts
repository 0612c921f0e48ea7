import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DatasetReferenceError } from '../../env/errors';
import { generateWorld } from '../../env/generator';
import { WORLD_PRESETS } from '../../env/worldConfig';
import { contextsOfPersona, DB_NAME, deleteDataset, LabDb, listDatasets, loadDataset, putDataset, questionsOf, SCHEMAS } from './db';

const freshDb = () => new LabDb({ indexedDB: new IDBFactory(), IDBKeyRange });
const world = generateWorld({ ...WORLD_PRESETS.tiny, seed: 21 });

async function counts(db: LabDb) {
  return [await db.datasets.count(), await db.personas.count(), await db.contexts.count(), await db.questions.count()];
}

describe('the comam-lab database', () => {
  it('is named comam-lab, at its latest version with the dataset, run and experiment stores', async () => {
    const db = freshDb();
    await db.open();
    expect(db.name).toBe(DB_NAME);
    expect(db.verno).toBe(SCHEMAS.at(-1)?.version);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['adapters', 'checkpoints', 'contexts', 'datasets', 'experiments', 'memoryItems', 'metrics', 'personas', 'questions', 'runs', 'trajectories']);
    expect(SCHEMAS.map((s) => s.version)).toEqual([1, 2, 3, 4]);
  });
  it('stores a dataset and gives it back unchanged, and answers browsing queries', async () => {
    const db = freshDb();
    const record = await putDataset(db, world, () => 1234);
    expect(record.counts).toEqual({ personas: 2, contexts: 2, questions: world.questions.length, turns: world.contexts.reduce((n, c) => n + c.turns.length, 0) });
    expect(await loadDataset(db, world.id)).toEqual(world);
    expect((await listDatasets(db)).map((d) => d.id)).toEqual([world.id]);
    expect((await contextsOfPersona(db, world.id, 'p1')).map((c) => c.id)).toEqual(['ctx-p1']);
    expect((await questionsOf(db, world.id, { type: 'suggest_new_ideas' })).every((q) => q.type === 'suggest_new_ideas')).toBe(true);
    expect(await questionsOf(db, world.id, { personaId: 'p0' })).toHaveLength(world.questions.filter((q) => q.personaId === 'p0').length);
    await putDataset(db, world);
    expect(await counts(db)).toEqual([1, 2, 2, world.questions.length]);
    await deleteDataset(db, world.id);
    expect(await counts(db)).toEqual([0, 0, 0, 0]);
  });
  it('leaves nothing when a write fails mid-way', async () => {
    const db = freshDb();
    let created = 0;
    db.questions.hook('creating', () => {
      created++;
      if (created === 3) throw new Error('disk full (injected)');
    });
    await expect(putDataset(db, world)).rejects.toThrow(/disk full/);
    expect(created).toBe(3);
    expect(await counts(db)).toEqual([0, 0, 0, 0]);
  });
  it('refuses an invalid dataset before writing anything', async () => {
    const db = freshDb();
    const broken = { ...world, questions: [{ ...world.questions[0], endIndex: 10_000 }, ...world.questions.slice(1)] };
    await expect(putDataset(db, broken)).rejects.toThrow(DatasetReferenceError);
    expect(await counts(db)).toEqual([0, 0, 0, 0]);
  });
});

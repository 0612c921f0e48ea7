// The IndexedDB database 'comam-lab' through Dexie: versioned schema, and datasets stored whole or
// not at all. Version 1 holds persona worlds; version 2 adds training runs (see runs.ts); version 3
// indexes trajectories by group and memory items by persona and agent (the stepper and memory bank);
// version 4 adds experiments (see experiments.ts) and indexes runs by the experiment they belong to.

import Dexie, { type DexieOptions, type Table } from 'dexie';
import type { Context, Dataset, DatasetSource, DatasetSplit, Persona, Question } from '../../env/types';
import { validateDataset } from '../../env/validate';
import type { CheckpointRecord, RunRecord } from '../../run/runStore';
import type { MemoryItem, StepMetrics, TrajectoryRow } from '../../run/records';
import type { ExperimentRecord } from '../../experiments/plan';

export const DB_NAME = 'comam-lab';

/**
 * Each version lists only the stores it adds or changes (Dexie keeps the rest). Add version 2
 * (runs, metrics, trajectories, memory items, checkpoints, adapters) as a new entry; never edit v1.
 */
export interface SchemaVersion {
  version: number;
  stores: Record<string, string>;
}

export const SCHEMAS: readonly SchemaVersion[] = Object.freeze<SchemaVersion[]>([
  {
    version: 1,
    stores: {
      datasets: 'id, name, source, createdAt',
      personas: '[datasetId+id], datasetId',
      contexts: '[datasetId+id], datasetId, [datasetId+personaId]',
      questions: '[datasetId+id], datasetId, [datasetId+type], [datasetId+personaId], [datasetId+contextId]',
    },
  },
  {
    // Training runs: only new stores, so upgrading from version 1 keeps every dataset as it was.
    version: 2,
    stores: {
      runs: 'id, createdAt, status',
      metrics: '[runId+step], runId',
      trajectories: '++seq, [runId+step], runId',
      memoryItems: '++seq, [runId+step], runId, [runId+personaId]',
      checkpoints: '[runId+step], runId',
      adapters: '[runId+agent], runId',
    },
  },
  {
    // Rollout stepper and memory bank: trajectories by (run, step, group), memory items by persona and
    // by agent across runs. Only indexes are added, so every stored row is kept as it was; rows written
    // from here on also carry `tokens`, `judge` and `history_turns` (optional on older rows).
    version: 3,
    stores: {
      trajectories: '++seq, [runId+step], runId, [runId+step+group]',
      memoryItems: '++seq, [runId+step], runId, [runId+personaId], personaId, agent',
    },
  },
  {
    // Experiments (credit-mode comparisons): a new store, and runs indexed by their experiment.
    // Existing rows are kept as they are; a run from before version 4 simply has no experimentId.
    version: 4,
    stores: {
      runs: 'id, createdAt, status, experimentId',
      experiments: 'id, createdAt',
    },
  },
]);

/** A dataset's header row: what the list shows without loading its contexts. */
export interface DatasetRecord {
  id: string;
  name: string;
  source: DatasetSource;
  seed?: number;
  createdAt: number;
  counts: { personas: number; contexts: number; questions: number; turns: number };
  split: DatasetSplit;
}

/** Rows carry their dataset and their place in it (`seq`), so a load gives back the same order. */
interface Row {
  datasetId: string;
  seq: number;
}
export type PersonaRecord = Persona & Row;
export type ContextRecord = Context & Row;
export type QuestionRecord = Question & Row;

/** Rows of the run stores carry their run. */
export type MetricsRow = StepMetrics & { runId: string; notes: string[] };
export type TrajectoryRecordRow = TrajectoryRow & { runId: string; seq?: number };
export type MemoryItemRow = MemoryItem & { runId: string; seq?: number };

/** A run's latest adapter of one agent, as PEFT files (for download and the model panel). */
export interface AdapterRow {
  runId: string;
  agent: string;
  step: number;
  files: Record<string, Uint8Array>;
}

export class LabDb extends Dexie {
  experiments!: Table<ExperimentRecord, string>;
  adapters!: Table<AdapterRow, [string, string]>;
  runs!: Table<RunRecord, string>;
  metrics!: Table<MetricsRow, [string, number]>;
  trajectories!: Table<TrajectoryRecordRow, number>;
  memoryItems!: Table<MemoryItemRow, number>;
  checkpoints!: Table<CheckpointRecord, [string, number]>;
  datasets!: Table<DatasetRecord, string>;
  personas!: Table<PersonaRecord, [string, string]>;
  contexts!: Table<ContextRecord, [string, string]>;
  questions!: Table<QuestionRecord, [string, string]>;

  constructor(options?: DexieOptions, name: string = DB_NAME) {
    super(name, options);
    for (const s of SCHEMAS) this.version(s.version).stores(s.stores);
  }
}

let shared: LabDb | undefined;

/** The page's one database connection. */
export function labDb(): LabDb {
  shared ??= new LabDb();
  return shared;
}

function rows<T extends Row>(records: T[]): Omit<T, 'datasetId' | 'seq'>[] {
  return [...records].sort((a, b) => a.seq - b.seq).map(({ datasetId: _d, seq: _s, ...rest }) => rest);
}

/** Validate, then write the dataset in one transaction: a failure anywhere leaves nothing behind. A dataset with the same id is replaced. */
export async function putDataset(db: LabDb, dataset: Dataset, now: () => number = () => Date.now()): Promise<DatasetRecord> {
  validateDataset(dataset);
  const datasetId = dataset.id;
  const record: DatasetRecord = {
    id: datasetId,
    name: dataset.name,
    source: dataset.source,
    ...(dataset.seed !== undefined ? { seed: dataset.seed } : {}),
    createdAt: now(),
    counts: {
      personas: dataset.personas.length,
      contexts: dataset.contexts.length,
      questions: dataset.questions.length,
      turns: dataset.contexts.reduce((n, c) => n + c.turns.length, 0),
    },
    split: dataset.split,
  };
  await db.transaction('rw', [db.datasets, db.personas, db.contexts, db.questions], async () => {
    await removeRows(db, datasetId);
    await db.datasets.add(record);
    await db.personas.bulkAdd(dataset.personas.map((p, seq) => ({ ...p, datasetId, seq })));
    await db.contexts.bulkAdd(dataset.contexts.map((c, seq) => ({ ...c, datasetId, seq })));
    await db.questions.bulkAdd(dataset.questions.map((q, seq) => ({ ...q, datasetId, seq })));
  });
  return record;
}

async function removeRows(db: LabDb, datasetId: string): Promise<void> {
  await db.datasets.delete(datasetId);
  await db.personas.where('datasetId').equals(datasetId).delete();
  await db.contexts.where('datasetId').equals(datasetId).delete();
  await db.questions.where('datasetId').equals(datasetId).delete();
}

export async function deleteDataset(db: LabDb, datasetId: string): Promise<void> {
  await db.transaction('rw', [db.datasets, db.personas, db.contexts, db.questions], () => removeRows(db, datasetId));
}

export function listDatasets(db: LabDb): Promise<DatasetRecord[]> {
  return db.datasets.orderBy('createdAt').reverse().toArray();
}

/** Everything of one dataset, back in the in-memory format (undefined when it is not stored). */
export async function loadDataset(db: LabDb, datasetId: string): Promise<Dataset | undefined> {
  return db.transaction('r', [db.datasets, db.personas, db.contexts, db.questions], async () => {
    const record = await db.datasets.get(datasetId);
    if (!record) return undefined;
    const [personas, contexts, questions] = await Promise.all([
      db.personas.where('datasetId').equals(datasetId).toArray(),
      db.contexts.where('datasetId').equals(datasetId).toArray(),
      db.questions.where('datasetId').equals(datasetId).toArray(),
    ]);
    return {
      id: record.id,
      name: record.name,
      source: record.source,
      ...(record.seed !== undefined ? { seed: record.seed } : {}),
      personas: rows(personas),
      contexts: rows(contexts),
      questions: rows(questions),
      split: record.split,
    };
  });
}

/** Browsing: a dataset's personas, one persona's contexts, questions filtered by persona or type. */
export function personasOf(db: LabDb, datasetId: string): Promise<PersonaRecord[]> {
  return db.personas.where('datasetId').equals(datasetId).toArray();
}

export function contextsOfPersona(db: LabDb, datasetId: string, personaId: string): Promise<ContextRecord[]> {
  return db.contexts.where('[datasetId+personaId]').equals([datasetId, personaId]).toArray();
}

export function questionsOf(db: LabDb, datasetId: string, filter: { personaId?: string; type?: string } = {}): Promise<QuestionRecord[]> {
  if (filter.personaId !== undefined) return db.questions.where('[datasetId+personaId]').equals([datasetId, filter.personaId]).toArray();
  if (filter.type !== undefined) return db.questions.where('[datasetId+type]').equals([datasetId, filter.type]).toArray();
  return db.questions.where('datasetId').equals(datasetId).toArray();
}

// What the stepper and memory bank read back for a stored run: its dataset (regenerated from the
// synthetic seed or loaded from IndexedDB), the (H, q) problem of a stored question, and memory items.

import { syntheticWorld } from '../../rl/syntheticWorld';
import type { Dataset } from '../../env/types';
import { LabError, registerError } from '../../protocol/errors';
import type { DatasetRef } from '../../env/datasetRef';
import { problemsOf, type Problem } from '../../rl/problem';
import { loadDataset, type LabDb, type MemoryItemRow } from './db';

/** A stored run's world cannot be recovered (its stored dataset was deleted). */
export class RunWorldError extends LabError {}
registerError(RunWorldError);

/** The dataset a run was trained on: a synthetic world is regenerated from its seed (same config → same world). */
export async function datasetOfRun(db: LabDb, ref: DatasetRef): Promise<Dataset> {
  if (ref.kind === 'synthetic') {
    return syntheticWorld(ref);
  }
  const ds = await loadDataset(db, ref.id);
  if (!ds) throw new RunWorldError(`The run was trained on dataset "${ref.id}", which is no longer stored in this browser; import it again in the Dataset panel to step through this run.`, { field: 'dataset', id: ref.id });
  return ds;
}

/** The training problem (H as the trainer built it, q, gold) of a question of the dataset. */
export function problemOf(dataset: Dataset, questionId: string): Problem {
  return problemsOf(dataset)(questionId, 'train');
}

export interface MemoryQuery {
  runId?: string;
  personaId?: string;
  agent?: MemoryItemRow['agent'];
  /** Case-insensitive substring of the item's text. */
  search?: string;
}

/** Memory items matching a query, newest run step first (then stored order). */
export async function queryMemory(db: LabDb, q: MemoryQuery): Promise<MemoryItemRow[]> {
  const base =
    q.runId !== undefined && q.personaId !== undefined
      ? db.memoryItems.where('[runId+personaId]').equals([q.runId, q.personaId])
      : q.runId !== undefined
        ? db.memoryItems.where('runId').equals(q.runId)
        : q.personaId !== undefined
          ? db.memoryItems.where('personaId').equals(q.personaId)
          : db.memoryItems.toCollection();
  const needle = q.search?.trim().toLowerCase() ?? '';
  const rows = await base.filter((m) => (q.agent === undefined || m.agent === q.agent) && (needle === '' || m.text.toLowerCase().includes(needle))).toArray();
  return rows.sort((a, b) => (a.runId === b.runId ? b.step - a.step || (a.seq ?? 0) - (b.seq ?? 0) : a.runId < b.runId ? -1 : 1));
}

/** The personas that have memory items (of one run, or of all). */
export async function memoryPersonas(db: LabDb, runId?: string): Promise<string[]> {
  if (runId === undefined) return (await db.memoryItems.orderBy('personaId').uniqueKeys()).map(String);
  const rows = await db.memoryItems.where('runId').equals(runId).toArray();
  return [...new Set(rows.map((r) => r.personaId))].sort();
}

/** Delete one memory item by its key; it stays deleted (IndexedDB). */
export async function deleteMemoryItem(db: LabDb, seq: number): Promise<void> {
  await db.memoryItems.delete(seq);
}

// Training runs in IndexedDB (schema version 2 of db.ts): the trainer's RunStore over Dexie, each
// step written in one transaction, and the queries the dashboard reads runs back with.

import type { RunStatus } from '../../run/protocol/trainer';
import { AGENT_NAMES } from '../../agents/names';
import { StorageQuotaError } from '../../rl/trainerErrors';
import { isQuotaError, type CheckpointRecord, type RunRecord, type RunStore, type StepCommit } from '../../run/runStore';
import type { LabDb, MemoryItemRow, MetricsRow, TrajectoryRecordRow } from './db';

function quota(err: unknown, step: number): never {
  if (isQuotaError(err)) {
    throw new StorageQuotaError(`The browser's storage is full: step ${step} was not saved and the run is paused. Free space (delete old runs or datasets), then resume.`, { step });
  }
  throw err;
}

export class DexieRunStore implements RunStore {
  constructor(private readonly db: LabDb) {}

  async createRun(run: RunRecord): Promise<void> {
    await this.db.runs.add(run);
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.db.runs.get(id);
  }

  async setStatus(id: string, status: RunStatus, message: string | undefined, now: number): Promise<void> {
    await this.db.runs.update(id, { status, message, updatedAt: now });
  }

  async commitStep(c: StepCommit): Promise<void> {
    const db = this.db;
    try {
      await db.transaction('rw', [db.runs, db.metrics, db.trajectories, db.memoryItems, db.checkpoints, db.adapters], async () => {
        await db.metrics.put({ ...c.metrics, runId: c.runId, notes: c.notes });
        await db.trajectories.bulkAdd(c.trajectories.map((t) => ({ ...t, runId: c.runId })));
        await db.memoryItems.bulkAdd(c.memoryItems.map((m) => ({ ...m, runId: c.runId })));
        const patch: Partial<RunRecord> = { step: c.step, updatedAt: c.now, ...(c.baseModel ? { baseModel: c.baseModel } : {}) };
        if (c.checkpoint) {
          await db.checkpoints.put(c.checkpoint);
          for (const agent of AGENT_NAMES) await db.adapters.put({ runId: c.runId, agent, step: c.step, files: c.checkpoint.peft[agent] });
          patch.checkpointStep = c.step;
        }
        await db.runs.update(c.runId, patch);
      });
    } catch (err) {
      quota(err, c.step);
    }
  }

  async saveCheckpoint(c: CheckpointRecord, now: number): Promise<void> {
    const db = this.db;
    try {
      await db.transaction('rw', [db.runs, db.checkpoints, db.adapters], async () => {
        await db.checkpoints.put(c);
        for (const agent of AGENT_NAMES) await db.adapters.put({ runId: c.runId, agent, step: c.step, files: c.peft[agent] });
        await db.runs.update(c.runId, { checkpointStep: c.step, updatedAt: now });
      });
    } catch (err) {
      quota(err, c.step);
    }
  }

  async latestCheckpoint(runId: string): Promise<CheckpointRecord | undefined> {
    return this.db.checkpoints.where('runId').equals(runId).last();
  }

  async discardAfter(runId: string, step: number): Promise<void> {
    const db = this.db;
    await db.transaction('rw', [db.runs, db.metrics, db.trajectories, db.memoryItems, db.checkpoints], async () => {
      const after = (x: { step: number }) => x.step > step;
      await db.metrics.where('runId').equals(runId).filter(after).delete();
      await db.trajectories.where('runId').equals(runId).filter(after).delete();
      await db.memoryItems.where('runId').equals(runId).filter(after).delete();
      await db.checkpoints.where('runId').equals(runId).filter(after).delete();
      await db.runs.update(runId, { step });
    });
  }
}

/** Dashboard queries: runs newest first, one run's metrics in step order, its trajectories and memory items. */
export function listRuns(db: LabDb): Promise<RunRecord[]> {
  return db.runs.orderBy('createdAt').reverse().toArray();
}

export function runMetrics(db: LabDb, runId: string): Promise<MetricsRow[]> {
  return db.metrics.where('runId').equals(runId).sortBy('step');
}

export function runTrajectories(db: LabDb, runId: string, step?: number): Promise<TrajectoryRecordRow[]> {
  return step === undefined ? db.trajectories.where('runId').equals(runId).toArray() : db.trajectories.where('[runId+step]').equals([runId, step]).toArray();
}

export function runMemoryItems(db: LabDb, runId: string, personaId?: string): Promise<MemoryItemRow[]> {
  return personaId === undefined ? db.memoryItems.where('runId').equals(runId).toArray() : db.memoryItems.where('[runId+personaId]').equals([runId, personaId]).toArray();
}

/** Delete a run and everything it stored. */
export async function deleteRun(db: LabDb, runId: string): Promise<void> {
  await db.transaction('rw', [db.runs, db.metrics, db.trajectories, db.memoryItems, db.checkpoints, db.adapters], async () => {
    for (const t of [db.metrics, db.trajectories, db.memoryItems, db.checkpoints, db.adapters]) await t.where('runId').equals(runId).delete();
    await db.runs.delete(runId);
  });
}

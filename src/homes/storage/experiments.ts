// Experiments in IndexedDB (schema version 4 of db.ts): the runner's ExperimentStore over Dexie,
// the list the Experiments panel shows, and a stored experiment's runs.

import type { ExperimentRecord } from '../../experiments/plan';
import type { ExperimentStore } from '../../experiments/runner';
import type { RunStatus } from '../../run/protocol/trainer';
import type { RunRecord } from '../../run/runStore';
import type { LabDb } from './db';

export class DexieExperimentStore implements ExperimentStore {
  constructor(private readonly db: LabDb) {}

  getExperiment(id: string): Promise<ExperimentRecord | undefined> {
    return this.db.experiments.get(id);
  }

  async putExperiment(record: ExperimentRecord): Promise<void> {
    await this.db.experiments.put(record);
  }

  async tagRun(runId: string, experimentId: string): Promise<void> {
    await this.db.runs.update(runId, { experimentId });
  }

  async runStatus(runId: string): Promise<RunStatus | undefined> {
    return (await this.db.runs.get(runId))?.status;
  }
}

/** Experiments, newest first. */
export function listExperiments(db: LabDb): Promise<ExperimentRecord[]> {
  return db.experiments.orderBy('createdAt').reverse().toArray();
}

/** The stored runs tagged with an experiment. */
export function experimentRuns(db: LabDb, experimentId: string): Promise<RunRecord[]> {
  return db.runs.where('experimentId').equals(experimentId).toArray();
}

/** Delete an experiment's record; its runs stay in the run history as ordinary runs. */
export async function deleteExperiment(db: LabDb, id: string): Promise<void> {
  await db.experiments.delete(id);
}

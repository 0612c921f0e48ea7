// The run history over IndexedDB: every run the trainer stored (store/runs.ts), with its headline
// numbers from its metrics, opened with every step's metrics, deleted with everything it stored.

import type { StepMetrics } from '../protocol/trainer';
import { RunNotFoundError } from '../rl/trainer/errors';
import type { LabDb, MetricsRow } from './db';
import { headlineOf, type RunHistorySource, type RunSummary, type StoredRun } from './runHistory';
import { deleteRun, listRuns, runMetrics } from './runs';
import type { RunRecord } from '../rl/trainer/runStore';

/** A metrics row without its storage columns: exactly the StepMetrics the trainer emitted. */
function stepOf(row: MetricsRow): StepMetrics {
  const metrics: StepMetrics & Partial<Pick<MetricsRow, 'runId' | 'notes'>> = { ...row };
  delete metrics.runId;
  delete metrics.notes;
  return metrics;
}

function summaryOf(run: RunRecord, metrics: readonly StepMetrics[]): RunSummary {
  return { id: run.id, createdAt: run.createdAt, status: run.status, setup: run.setup, headline: headlineOf(metrics), checkpointStep: run.checkpointStep };
}

export function dexieHistory(db: LabDb): RunHistorySource {
  return {
    async list() {
      const runs = await listRuns(db);
      return Promise.all(runs.map(async (run) => summaryOf(run, (await runMetrics(db, run.id)).map(stepOf))));
    },
    async open(id) {
      const run = await db.runs.get(id);
      if (!run) throw new RunNotFoundError(`No run "${id}" is stored in this browser (it may have been deleted in another tab); pick one from the run list.`, { runId: id });
      const metrics = (await runMetrics(db, id)).map(stepOf);
      const stored: StoredRun = { summary: summaryOf(run, metrics), metrics };
      return stored;
    },
    async delete(id) {
      if (!(await db.runs.get(id))) throw new RunNotFoundError(`No run "${id}" is stored in this browser; it may already be deleted. The list is refreshed.`, { runId: id });
      await deleteRun(db, id);
    },
  };
}

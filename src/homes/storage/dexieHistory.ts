// The run history over IndexedDB: every run the trainer stored (store/runs.ts), with its headline
// numbers from its metrics, opened with every step's metrics, deleted with everything it stored.

import type { RunStatus } from '../../run/protocol/trainer';
import type { StepMetrics } from '../../run/records';
import { RunNotFoundError } from '../../rl/trainerErrors';
import type { LabDb, MetricsRow } from './db';
import { headlineOf, type RunHistorySource, type RunSummary, type StoredRun } from '../../run/runHistory';
import { deleteRun, listRuns, runMetrics } from './runs';
import type { RunRecord } from '../../run/runStore';

/** A metrics row without its storage columns: exactly the StepMetrics the trainer emitted. */
function stepOf(row: MetricsRow): StepMetrics {
  const metrics: StepMetrics & Partial<Pick<MetricsRow, 'runId' | 'notes'>> = { ...row };
  delete metrics.runId;
  delete metrics.notes;
  return metrics;
}

const ACTIVE: readonly RunStatus[] = ['running', 'loading'];

function summaryOf(run: RunRecord, metrics: readonly StepMetrics[], held: ReadonlySet<string> | undefined): RunSummary {
  const summary: RunSummary = { id: run.id, createdAt: run.createdAt, status: run.status, setup: run.setup, headline: headlineOf(metrics), checkpointStep: run.checkpointStep };
  if (held && ACTIVE.includes(run.status) && !held.has(run.id)) summary.interrupted = true;
  return summary;
}

/**
 * `heldRuns` names the runs some tab or worker is training now (the trainer's Web Locks); without it a
 * run stored as running is taken at its word.
 */
export function dexieHistory(db: LabDb, heldRuns?: () => Promise<ReadonlySet<string>>): RunHistorySource {
  return {
    async list() {
      const runs = await listRuns(db);
      const held = await heldRuns?.();
      return Promise.all(runs.map(async (run) => summaryOf(run, (await runMetrics(db, run.id)).map(stepOf), held)));
    },
    async open(id) {
      const run = await db.runs.get(id);
      if (!run) throw new RunNotFoundError(`No run "${id}" is stored in this browser (it may have been deleted in another tab); pick one from the run list.`, { runId: id });
      const metrics = (await runMetrics(db, id)).map(stepOf);
      const stored: StoredRun = { summary: summaryOf(run, metrics, await heldRuns?.()), metrics };
      return stored;
    },
    async delete(id) {
      if (!(await db.runs.get(id))) throw new RunNotFoundError(`No run "${id}" is stored in this browser; it may already be deleted. The list is refreshed.`, { runId: id });
      await deleteRun(db, id);
    },
  };
}

// The run history as the dashboard sees it: a small typed interface over stored runs (the Dexie
// implementation comes with the trainer, issue 8) and the headline numbers shown for each run.

import type { PerAgent } from '../agents/names';
import type { RunSetup } from './runSetup';
import type { RunStatus } from './protocol/trainer';
import type { StepMetrics } from './records';

export interface RunHeadline {
  /** Steps recorded. */
  steps: number;
  /** Global reward (accuracy) of the last step, and the best step's. */
  lastGlobal: number | null;
  bestGlobal: number | null;
  /** Credit weights of the last step. */
  lastWeights: PerAgent<number> | null;
}

export interface RunSummary {
  id: string;
  /** Epoch milliseconds. */
  createdAt: number;
  status: RunStatus;
  setup: RunSetup;
  headline: RunHeadline;
  /** Step of the last checkpoint (0 = none yet), when the store knows it: a resume continues from there. */
  checkpointStep?: number;
  /** Stored as running or loading, but no tab or worker holds it: the page training it was closed. */
  interrupted?: boolean;
}

export interface StoredRun {
  summary: RunSummary;
  /** Every step's metrics, in step order. */
  metrics: StepMetrics[];
}

/** Where past runs live. Issue 8 implements it over IndexedDB; the dashboard only calls these. */
export interface RunHistorySource {
  /** All runs, newest first. */
  list(): Promise<RunSummary[]>;
  /** One run with its metrics; rejects with a named error when the id is unknown. */
  open(id: string): Promise<StoredRun>;
  /** Delete a run and everything stored with it. */
  delete(id: string): Promise<void>;
}

/** The headline of a run from its metrics (the history implementation may store it instead). */
export function headlineOf(metrics: readonly StepMetrics[]): RunHeadline {
  const last = metrics.at(-1);
  const globals = metrics.map((m) => m.global.mean).filter((x) => Number.isFinite(x));
  return {
    steps: metrics.length,
    lastGlobal: last && Number.isFinite(last.global.mean) ? last.global.mean : null,
    bestGlobal: globals.length > 0 ? Math.max(...globals) : null,
    lastWeights: last ? { ...last.weights } : null,
  };
}

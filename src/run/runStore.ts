// The stored run and checkpoint records and the interface a run persists through: runs, per-step rows, memory
// items and checkpoints. Two homes: IndexedDB (src/homes/storage/runs.ts) and a CLI run folder (src/cli/runFolder.ts).

import type { AgentName, PerAgent } from '../agents/names';
import type { RunSetup } from './runSetup';
import type { RunStatus } from './protocol/trainer';
import type { MemoryItem, StepMetrics, TrajectoryRow } from './records';
import type { SessionState } from './training/checkpointState';

export interface RunRecord {
  id: string;
  setup: RunSetup;
  status: RunStatus;
  /** Why the run is paused, failed or stopped, for the UI. */
  message?: string;
  createdAt: number;
  updatedAt: number;
  /** Steps stored. */
  step: number;
  /** Step of the last checkpoint (0 = none yet). */
  checkpointStep: number;
  /** The base model's name as the adapters' PEFT config records it. */
  baseModel: string;
  /** The experiment (credit-mode comparison) this run belongs to, if any. */
  experimentId?: string;
}

export interface CheckpointRecord {
  runId: string;
  step: number;
  state: SessionState;
  /** Each agent's adapter as PEFT files (adapter_config.json, adapter_model.safetensors). */
  peft: PerAgent<Record<string, Uint8Array>>;
  createdAt: number;
}

/** Everything one step writes, stored all together or not at all. */
export interface StepCommit {
  runId: string;
  step: number;
  metrics: StepMetrics;
  trajectories: TrajectoryRow[];
  memoryItems: MemoryItem[];
  checkpoint?: CheckpointRecord;
  /** Notes of the step (skipped updates, NaN rewards), kept with its metrics. */
  notes: string[];
  now: number;
  /** The loaded base model's name, kept on the run record (it is known only once the model has loaded). */
  baseModel?: string;
}

export interface RunStore {
  createRun(run: RunRecord): Promise<void>;
  getRun(id: string): Promise<RunRecord | undefined>;
  setStatus(id: string, status: RunStatus, message: string | undefined, now: number): Promise<void>;
  /** One transaction: the step's metrics, trajectories, memory items, checkpoint and the run's step counter. */
  commitStep(commit: StepCommit): Promise<void>;
  /**
   * A checkpoint between steps (Stop saves one so the adapters of the last stored step can be exported and
   * resumed from): the checkpoint, the run's adapters and its checkpoint step, all together or not at all.
   */
  saveCheckpoint(checkpoint: CheckpointRecord, now: number): Promise<void>;
  latestCheckpoint(runId: string): Promise<CheckpointRecord | undefined>;
  /** Drop every row of steps after `step` (a resume from that checkpoint rewrites them). */
  discardAfter(runId: string, step: number): Promise<void>;
}

/** True for the errors a full disk or storage quota raises (DOMException QuotaExceededError, Dexie's wrapper, Node ENOSPC). */
export function isQuotaError(err: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const x = e as { name?: unknown; code?: unknown; inner?: unknown; cause?: unknown };
    if (x.name === 'QuotaExceededError' || x.code === 'ENOSPC' || x.code === 'EDQUOT') return true;
    e = x.inner ?? x.cause;
  }
  return false;
}

export type { AgentName };

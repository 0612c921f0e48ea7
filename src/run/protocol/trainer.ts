// The trainer as the UI and CLI see it: one interface with two homes (in-process for tests and
// the CLI in run/trainer.ts, a Web Worker for the page in homes/trainer), and the events it streams.

import type { SerializedError } from '../../protocol/errors';
import type { Phase } from '../../protocol/progress';
import type { StepMetrics } from '../records';
import type { RunSetup } from '../runSetup';

export type RunStatus = 'idle' | 'loading' | 'running' | 'paused' | 'stopped' | 'done' | 'failed';

export type TrainerEvent =
  | { kind: 'status'; runId: string; status: RunStatus; message?: string }
  | {
      kind: 'progress';
      runId: string;
      phase: Phase;
      done: number;
      total: number;
      /** What the numbers count, for the bar's label: bytes, tensors, shaders, trajectories… */
      unit: string;
      /** e.g. "sampling agent 2 of 3 for trajectory 5 of 8". */
      label: string;
    }
  | { kind: 'step'; runId: string; metrics: StepMetrics }
  | { kind: 'error'; runId?: string; error: SerializedError };

/** The trainer's control surface; both homes implement it. */
export interface TrainerApi {
  /** Create a run from a setup and start it; resolves with its id once it is stored. */
  start(setup: RunSetup): Promise<{ runId: string }>;
  /** Continue a stored run from its last checkpoint. */
  resume(runId: string): Promise<void>;
  pause(): Promise<void>;
  /** While paused: run exactly one step, then stay paused. */
  step(): Promise<void>;
  stop(): Promise<void>;
  subscribe(listener: (event: TrainerEvent) => void): () => void;
}

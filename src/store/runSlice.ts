// The run slice: the injected TrainerApi, the live run's status, progress per phase, errors and its
// step metrics in a bounded buffer. Trainer events are applied in batches so charts never block input.

import type { StateCreator } from 'zustand';
import { serializeError, type SerializedError } from '../protocol/errors';
import type { Phase } from '../protocol/progress';
import type { RunStatus, TrainerApi, TrainerEvent } from '../run/protocol/trainer';
import type { StepMetrics } from '../run/records';
import { appendBounded, createBatcher } from './buffer';
import type { HistorySlice } from './historySlice';
import type { RunHistorySource, RunSummary } from '../run/runHistory';
import { setupProblems, type SetupSlice } from './setupSlice';

/** Most points kept per live run; older points are thinned beyond it. */
export const MAX_POINTS = 2000;
/** Trainer events are applied at most this often. */
export const EVENT_BATCH_MS = 100;

export interface PhaseProgress {
  done: number;
  total: number;
  unit: string;
  label: string;
}

export type ControlAction = 'start' | 'pause' | 'resume' | 'step' | 'stop';

export interface RunState {
  /** Absent until a trainer is attached (the worker-backed one comes with issue 8). */
  trainer?: TrainerApi;
  runId?: string;
  status: RunStatus;
  message?: string;
  progress: Partial<Record<Phase, PhaseProgress>>;
  error?: SerializedError;
  metrics: StepMetrics[];
  /** A control call that has not answered yet. */
  busy?: ControlAction;
}

export interface RunSlice {
  run: RunState;
  /** Attach (or detach with undefined) the trainer; events from it are batched into the store. */
  attachTrainer: (api: TrainerApi | undefined) => void;
  applyEvents: (events: readonly TrainerEvent[]) => void;
  /** Apply queued trainer events now. */
  flushEvents: () => void;
  control: (action: ControlAction) => Promise<void>;
  /**
   * Continue a stored run (e.g. one paused before a reload) from its last checkpoint: it becomes the
   * live run, its stored steps up to the checkpoint stay on the charts, and TrainerApi.resume reloads it.
   */
  resumeStored: (summary: RunSummary, source: RunHistorySource) => Promise<void>;
}

/** Stored runs that can be continued from the history (not finished, not the one in the controls). */
export function canResumeStored(run: Pick<RunState, 'trainer' | 'status' | 'runId' | 'busy'>, summary: RunSummary): boolean {
  return allowedActions(run).start && summary.id !== run.runId && (RESUMABLE.includes(summary.status) || summary.interrupted === true);
}

/** Which controls make sense in a status (the buttons' enabled state). */
export function allowedActions(run: Pick<RunState, 'trainer' | 'status' | 'runId' | 'busy'>): Record<ControlAction, boolean> {
  const free = run.trainer !== undefined && run.busy === undefined;
  const s = run.status;
  return {
    start: free && ['idle', 'stopped', 'done', 'failed'].includes(s),
    pause: free && s === 'running',
    resume: free && s === 'paused' && run.runId !== undefined,
    step: free && s === 'paused',
    stop: free && ['running', 'paused', 'loading'].includes(s),
  };
}

const FINISHED: readonly RunStatus[] = ['stopped', 'done', 'failed'];
/** A run left in these states can go on; "running"/"loading" ones are held (or were, by a closed tab). */
const RESUMABLE: readonly RunStatus[] = ['paused', 'stopped', 'failed'];

/** Events after which the trainer has written to the run store (a step commits before it is emitted). */
const STORED: readonly TrainerEvent['kind'][] = ['step', 'status'];

export const createRunSlice: StateCreator<RunSlice & SetupSlice & HistorySlice, [], [], RunSlice> = (set, get) => {
  let unsubscribe: (() => void) | undefined;
  const batcher = createBatcher<TrainerEvent>((events) => get().applyEvents(events), EVENT_BATCH_MS);
  return {
    run: { status: 'idle', progress: {}, metrics: [] },
    attachTrainer: (api) => {
      unsubscribe?.();
      batcher.cancel();
      unsubscribe = api?.subscribe((e) => batcher.push(e));
      set({ run: { trainer: api, status: 'idle', progress: {}, metrics: [] } });
    },
    applyEvents: (events) => {
      set((s) => {
        const run = { ...s.run, progress: { ...s.run.progress } };
        const steps: StepMetrics[] = [];
        for (const e of events) {
          if (e.runId !== undefined && run.runId !== undefined && e.runId !== run.runId) continue;
          if (e.kind === 'status') {
            run.runId ??= e.runId;
            run.status = e.status;
            run.message = e.message;
            if (FINISHED.includes(e.status)) run.progress = {};
          } else if (e.kind === 'progress') {
            run.progress[e.phase] = { done: e.done, total: e.total, unit: e.unit, label: e.label };
          } else if (e.kind === 'step') {
            steps.push(e.metrics);
          } else {
            run.error = e.error;
          }
        }
        if (steps.length > 0) run.metrics = appendBounded(run.metrics, steps, MAX_POINTS);
        return { run };
      });
      if (events.some((e) => STORED.includes(e.kind))) get().storedRunsChanged();
    },
    flushEvents: () => batcher.flush(),
    resumeStored: async (summary, source) => {
      batcher.flush();
      const { run } = get();
      const trainer = run.trainer;
      if (!trainer || !canResumeStored(run, summary)) return;
      const id = summary.id;
      set((s) => ({ run: { ...s.run, busy: 'resume', error: undefined } }));
      try {
        const stored = await source.open(id);
        const upTo = stored.summary.checkpointStep ?? Infinity;
        const kept = stored.metrics.filter((m) => m.step <= upTo);
        set((s) => ({ run: { ...s.run, runId: id, status: 'loading', message: undefined, progress: {}, metrics: kept } }));
        await trainer.resume(id);
      } catch (err) {
        set((s) => ({ run: { ...s.run, error: serializeError(err), status: 'failed' } }));
      } finally {
        set((s) => ({ run: { ...s.run, busy: undefined } }));
      }
    },
    control: async (action) => {
      batcher.flush();
      const { run } = get();
      const trainer = run.trainer;
      if (!trainer || !allowedActions(run)[action]) return;
      if (action === 'start') {
        const problems = setupProblems(get());
        if (problems.length > 0) {
          set((s) => ({ run: { ...s.run, error: { name: 'ConfigError', message: problems[0].message } } }));
          return;
        }
      }
      set((s) => ({ run: { ...s.run, busy: action, error: undefined } }));
      try {
        if (action === 'start') {
          set((s) => ({ run: { ...s.run, runId: undefined, metrics: [], progress: {}, status: 'loading', message: undefined } }));
          const setup = structuredClone(get().setup);
          const { runId } = await trainer.start(setup);
          set((s) => ({ run: { ...s.run, runId } }));
        } else if (action === 'pause') await trainer.pause();
        else if (action === 'resume') await trainer.resume(run.runId as string);
        else if (action === 'step') await trainer.step();
        else await trainer.stop();
      } catch (err) {
        set((s) => ({ run: { ...s.run, error: serializeError(err), ...(action === 'start' ? { status: 'failed' as const } : {}) } }));
      } finally {
        set((s) => ({ run: { ...s.run, busy: undefined } }));
      }
    },
  };
};

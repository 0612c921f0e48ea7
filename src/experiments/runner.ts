// Runs an experiment's planned runs one after another through any TrainerApi, evaluates each
// finished run through any EvaluatorApi, and saves the record after every change, so it resumes.

import type { EvalProgress, EvaluatorApi } from '../run/protocol/evaluator';
import type { RunStatus, TrainerApi, TrainerEvent } from '../run/protocol/trainer';
import { ExperimentStateError } from './errors';
import { pendingRuns, type ExperimentRecord, type PlannedRun } from './plan';

/** Where experiments live (Dexie in the page, a map in tests). */
export interface ExperimentStore {
  getExperiment(id: string): Promise<ExperimentRecord | undefined>;
  putExperiment(record: ExperimentRecord): Promise<void>;
  /** Mark a stored run as belonging to an experiment. */
  tagRun(runId: string, experimentId: string): Promise<void>;
  /** A stored run's status (undefined when it was deleted). */
  runStatus(runId: string): Promise<RunStatus | undefined>;
}

export interface RunnerProgress extends EvalProgress {
  experimentId: string;
  runKey: string;
  stage: 'training' | 'evaluating';
  /** 1-based place of the run in the plan, and the plan's length. */
  runIndex: number;
  runCount: number;
}

export interface RunnerDeps {
  trainer: TrainerApi;
  evaluator: EvaluatorApi;
  store: ExperimentStore;
  onUpdate?: (record: ExperimentRecord) => void;
  onProgress?: (p: RunnerProgress) => void;
  now?: () => number;
}

type Outcome = { status: RunStatus; message?: string };
const ENDS: readonly RunStatus[] = ['done', 'failed', 'stopped', 'paused'];

/** Remembers how each run's training ended, so an end that comes before anyone waits is not lost. */
class EndWatch {
  private readonly ended = new Map<string, Outcome>();
  private readonly waiting = new Map<string, (o: Outcome) => void>();
  private readonly unsubscribe: () => void;

  constructor(trainer: TrainerApi, onEvent: (e: TrainerEvent) => void) {
    this.unsubscribe = trainer.subscribe((e) => {
      onEvent(e);
      if (e.kind !== 'status' || !ENDS.includes(e.status)) return;
      const outcome: Outcome = { status: e.status, ...(e.message !== undefined ? { message: e.message } : {}) };
      const w = this.waiting.get(e.runId);
      if (w) {
        this.waiting.delete(e.runId);
        w(outcome);
      } else this.ended.set(e.runId, outcome);
    });
  }

  forget(runId: string): void {
    this.ended.delete(runId);
  }

  wait(runId: string): Promise<Outcome> {
    const seen = this.ended.get(runId);
    if (seen) {
      this.ended.delete(runId);
      return Promise.resolve(seen);
    }
    return new Promise((resolve) => this.waiting.set(runId, resolve));
  }

  dispose(): void {
    this.unsubscribe();
  }
}

export class ExperimentRunner {
  private stopping = false;
  private running = false;
  private current: { runId?: string } = {};

  constructor(private readonly deps: RunnerDeps) {}

  get isRunning(): boolean {
    return this.running;
  }

  /** Ask the runner to end after the current training stops; the experiment stays resumable. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.current.runId !== undefined) await this.deps.trainer.stop();
  }

  private async save(rec: ExperimentRecord): Promise<void> {
    rec.updatedAt = this.deps.now?.() ?? Date.now();
    await this.deps.store.putExperiment(rec);
    this.deps.onUpdate?.({ ...rec, runs: rec.runs.map((r) => ({ ...r })) });
  }

  /** Train and evaluate every run not done yet, in plan order; resolves with the record as saved last. */
  async run(experimentId: string): Promise<ExperimentRecord> {
    if (this.running) throw new ExperimentStateError('This experiment runner is already running an experiment; stop it first.', { experimentId });
    const rec = await this.deps.store.getExperiment(experimentId);
    if (!rec) throw new ExperimentStateError(`No experiment "${experimentId}" is stored; plan it again.`, { experimentId });
    this.running = true;
    this.stopping = false;
    let place = { runKey: '', runIndex: 0 };
    const onEvent = (e: TrainerEvent) => {
      if (e.kind !== 'progress' || e.runId !== this.current.runId) return;
      this.deps.onProgress?.({ experimentId, ...place, runCount: rec.runs.length, stage: 'training', phase: e.phase, done: e.done, total: e.total, unit: e.unit, label: e.label });
    };
    const watch = new EndWatch(this.deps.trainer, onEvent);
    try {
      for (const planned of pendingRuns(rec)) {
        if (this.stopping) break;
        place = { runKey: planned.key, runIndex: rec.runs.indexOf(planned) + 1 };
        const trained = await this.train(rec, planned, watch);
        if (!trained) break;
        await this.evaluate(rec, planned, place);
      }
    } finally {
      watch.dispose();
      this.current = {};
      this.running = false;
    }
    return rec;
  }

  /** True once the run is trained; false when training paused, stopped or failed (the loop ends). */
  private async train(rec: ExperimentRecord, planned: PlannedRun, watch: EndWatch): Promise<boolean> {
    if (planned.state === 'trained') return true;
    const stored = planned.runId === undefined ? undefined : await this.deps.store.runStatus(planned.runId);
    let runId: string;
    if (planned.runId !== undefined && stored === 'done') {
      planned.state = 'trained';
      planned.message = undefined;
      await this.save(rec);
      return true;
    } else if (planned.runId !== undefined && stored !== undefined) {
      runId = planned.runId;
      watch.forget(runId);
      this.current = { runId };
      planned.state = 'training';
      planned.message = undefined;
      await this.save(rec);
      await this.deps.trainer.resume(runId);
    } else {
      this.current = {};
      const started = await this.deps.trainer.start(planned.setup);
      runId = started.runId;
      this.current = { runId };
      planned.runId = runId;
      planned.state = 'training';
      planned.message = undefined;
      await this.deps.store.tagRun(runId, rec.id);
      await this.save(rec);
    }
    const end = await watch.wait(runId);
    this.current = {};
    if (end.status === 'done') {
      planned.state = 'trained';
      await this.save(rec);
      return true;
    }
    if (end.status === 'failed') {
      planned.state = 'failed';
      planned.message = `Training failed: ${end.message ?? 'no reason given'}. Resume the experiment to retry this run from its last checkpoint.`;
    } else {
      planned.message = `Training ${end.status}${end.message ? ` (${end.message})` : ''}. Resume the experiment to continue this run.`;
    }
    await this.save(rec);
    return false;
  }

  private async evaluate(rec: ExperimentRecord, planned: PlannedRun, place: { runKey: string; runIndex: number }): Promise<void> {
    const runId = planned.runId;
    if (runId === undefined) throw new ExperimentStateError(`Run ${planned.key} has no stored run to evaluate.`, { experimentId: rec.id });
    try {
      const out = await this.deps.evaluator.evaluate({ kind: 'run', runId }, { split: 'val', ...(rec.spec.evalLimit !== undefined ? { limit: rec.spec.evalLimit } : {}) }, (p) =>
        this.deps.onProgress?.({ experimentId: rec.id, ...place, runCount: rec.runs.length, stage: 'evaluating', ...p }),
      );
      planned.result = out.report;
      planned.state = 'done';
      planned.message = undefined;
    } catch (err) {
      planned.message = `Evaluation failed: ${err instanceof Error ? err.message : String(err)} Resume the experiment to evaluate it again.`;
      await this.save(rec);
      throw err;
    }
    await this.save(rec);
  }
}

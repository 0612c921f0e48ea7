// Test helpers for experiments (Node only): a scripted TrainerApi that finishes (or fails) runs on
// the next tick, a scripted evaluator, and an in-memory experiment store.

import type { EvalResult, EvalTarget, EvaluatorApi } from '../run/protocol/evaluator';
import type { RunSetup } from '../run/runSetup';
import type { RunStatus, TrainerApi, TrainerEvent } from '../run/protocol/trainer';
import type { EvalReport } from '../rl/eval/evaluate';
import type { ExperimentRecord } from './plan';
import type { ExperimentStore } from './runner';

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

export class ScriptedTrainer implements TrainerApi {
  readonly started: RunSetup[] = [];
  readonly resumed: string[] = [];
  readonly statuses = new Map<string, RunStatus>();
  private readonly setups = new Map<string, RunSetup>();
  private readonly listeners = new Set<(e: TrainerEvent) => void>();
  private n = 0;
  /** How a run's training ends; default done. */
  constructor(public outcome: (setup: RunSetup, runId: string) => 'done' | 'failed' | 'hang' = () => 'done') {}

  private emit(e: TrainerEvent): void {
    if (e.kind === 'status') this.statuses.set(e.runId, e.status);
    for (const l of this.listeners) l(e);
  }

  private train(runId: string): void {
    const setup = this.setups.get(runId) as RunSetup;
    void (async () => {
      await tick();
      this.emit({ kind: 'status', runId, status: 'running' });
      this.emit({ kind: 'progress', runId, phase: 'sample', done: 1, total: 2, unit: 'trajectories', label: 'sampling agent 1 of 3 for trajectory 1 of 2' });
      const end = this.outcome(setup, runId);
      if (end === 'hang') return;
      await tick();
      this.emit({ kind: 'status', runId, status: end, ...(end === 'failed' ? { message: 'scripted failure' } : {}) });
    })();
  }

  start(setup: RunSetup): Promise<{ runId: string }> {
    const runId = `run-${++this.n}`;
    this.started.push(setup);
    this.setups.set(runId, setup);
    this.statuses.set(runId, 'loading');
    this.train(runId);
    return Promise.resolve({ runId });
  }

  resume(runId: string): Promise<void> {
    this.resumed.push(runId);
    this.train(runId);
    return Promise.resolve();
  }

  pause(): Promise<void> {
    return Promise.resolve();
  }

  step(): Promise<void> {
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    for (const [runId, s] of this.statuses) if (s === 'running') this.emit({ kind: 'status', runId, status: 'stopped' });
    await tick();
  }

  subscribe(listener: (event: TrainerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Accuracy = a number from the run's setup (its seed and mode), so aggregates are predictable. */
export class ScriptedEvaluator implements EvaluatorApi {
  readonly calls: { target: EvalTarget; limit?: number }[] = [];
  constructor(
    private readonly setupOf: (runId: string) => RunSetup,
    public fail = false,
  ) {}

  evaluate(target: EvalTarget, options: { split: 'train' | 'val'; limit?: number }, onProgress?: (p: { phase: 'eval'; done: number; total: number; unit: string; label: string }) => void): Promise<EvalResult> {
    this.calls.push({ target, ...(options.limit !== undefined ? { limit: options.limit } : {}) });
    if (this.fail) return Promise.reject(new Error('scripted eval failure'));
    if (target.kind !== 'run') return Promise.reject(new Error('only runs'));
    const setup = this.setupOf(target.runId);
    const accuracy = (setup.rl.credit_mode === 'adaptive' ? 0.5 : 0.25) + setup.seed / 100;
    onProgress?.({ phase: 'eval', done: 4, total: 4, unit: 'questions', label: 'done' });
    const report: EvalReport = {
      system: 'team',
      split: 'val',
      questions: 4,
      correct: Math.round(accuracy * 4),
      accuracy,
      formatOk: 1,
      byType: { suggest_new_ideas: { questions: 2, correct: 1, accuracy: accuracy / 2 }, recall_user_shared_facts: { questions: 2, correct: 1, accuracy } },
    };
    return Promise.resolve({ target, report, adapterStep: setup.steps, wallMs: 1 });
  }
}

export class MemoryExperimentStore implements ExperimentStore {
  readonly records = new Map<string, ExperimentRecord>();
  readonly tags = new Map<string, string>();
  constructor(private readonly trainer: ScriptedTrainer) {}

  getExperiment(id: string): Promise<ExperimentRecord | undefined> {
    const r = this.records.get(id);
    return Promise.resolve(r ? structuredClone(r) : undefined);
  }

  putExperiment(record: ExperimentRecord): Promise<void> {
    this.records.set(record.id, structuredClone(record));
    return Promise.resolve();
  }

  tagRun(runId: string, experimentId: string): Promise<void> {
    this.tags.set(runId, experimentId);
    return Promise.resolve();
  }

  runStatus(runId: string): Promise<RunStatus | undefined> {
    return Promise.resolve(this.trainer.statuses.get(runId));
  }
}

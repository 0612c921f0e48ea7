// The in-process trainer, the owner of a run (TrainerApi's first home; tests and the CLI use it, the Web
// Worker wraps it): checks the setup with the run's one validator, loads model, data and judge, runs
// steps, commits each step to a RunStore, checkpoints, pauses and resumes.

import { AGENT_NAMES, perAgent } from '../agents/names';
import type { Dataset } from '../env/types';
import type { Judge } from '../judge/judge';
import { WebGpuError } from '../model/webgpu/gpuErrors';
import { serializeError } from '../protocol/errors';
import type { DatasetRef } from '../env/datasetRef';
import type { JudgeRef } from '../judge/judgeRef';
import type { ModelRef, Precision } from '../model/modelRef';
import type { Phase, ProgressFn } from '../protocol/progress';
import type { RunSetup } from './runSetup';
import type { RunStatus, TrainerApi, TrainerEvent } from './protocol/trainer';
import type { LoadedModel, RunLock } from './training/deps';
import { RunNotFoundError, StorageQuotaError, TrainerSetupError, TrainerStateError } from '../rl/trainerErrors';
import type { SessionHooks } from './training/grpoStep';
import type { CheckpointRecord, RunRecord, RunStore, StepCommit } from './runStore';
import { TrainingSession } from './training/session';
import { validateSetup } from './setup';

export type { LoadedModel, RunLock } from './training/deps';

export interface TrainerDeps {
  store: RunStore;
  /** The base model at the setup's precision (a home that supports only f32 may ignore it; the CLI's setup is f32). */
  loadModel(ref: ModelRef, progress: ProgressFn, precision: Precision): Promise<LoadedModel>;
  loadDataset(ref: DatasetRef): Promise<Dataset>;
  makeJudge(ref: JudgeRef, model: LoadedModel): Promise<Judge>;
  lock?: RunLock;
  newRunId?: () => string;
  now?: () => number;
  hooks?: SessionHooks;
  /**
   * Whether an error means the GPU device was lost (then the run pauses and reloads on resume). May be
   * async: a read that fails on a destroyed device can reject before the device's lost promise resolves.
   */
  isDeviceLost?: (err: unknown) => boolean | Promise<boolean>;
}

interface Active {
  run: RunRecord;
  model: LoadedModel;
  session: TrainingSession;
  release: () => void;
  /** A step whose commit failed for quota: retried before the next step. */
  pending?: StepCommit;
  /** Notes of the cold-start SFT, stored with step 1 (set once the SFT ran in this load). */
  coldStartNotes?: string[];
}

/** The setup checked by the run's one validator (run/setup.ts): every problem named, each with its field. */
function checkSetup(setup: RunSetup): void {
  const problems = validateSetup(setup);
  if (problems.length === 0) return;
  const lines = problems.map((p) => `"${p.field}": ${p.message}`).join(' ');
  throw new TrainerSetupError(`The run setup has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${lines}`, { field: problems[0].field });
}

export class InProcessTrainer implements TrainerApi {
  private readonly listeners = new Set<(e: TrainerEvent) => void>();
  private active: Active | undefined;
  private loop: Promise<void> | undefined;
  private pauseRequested = false;
  private stopRequested = false;
  private needsReload = false;
  private status: RunStatus = 'idle';

  constructor(private readonly deps: TrainerDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  private emit(e: TrainerEvent): void {
    for (const l of this.listeners) l(e);
  }

  private async setStatus(status: RunStatus, message?: string): Promise<void> {
    this.status = status;
    const run = this.active?.run;
    if (!run) return;
    run.status = status;
    run.message = message;
    await this.deps.store.setStatus(run.id, status, message, this.now());
    this.emit({ kind: 'status', runId: run.id, status, ...(message !== undefined ? { message } : {}) });
  }

  subscribe(listener: (event: TrainerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The current run's status ('idle' before any). */
  get runStatus(): RunStatus {
    return this.status;
  }

  /** Resolves when the current loop (if any) has ended: paused, stopped, done or failed. */
  async idle(): Promise<void> {
    await this.loop;
  }

  private progress(runId: string): ProgressFn {
    return (phase: Phase, done: number, total: number, unit: string, label: string) => this.emit({ kind: 'progress', runId, phase, done, total, unit, label });
  }

  private async lock(runId: string): Promise<() => void> {
    return this.deps.lock ? this.deps.lock.acquire(runId) : () => undefined;
  }

  /** A failure while loading leaves the partial run active, so fail() marks it failed and releases it. */
  private async load(run: RunRecord, release: () => void, checkpoint?: CheckpointRecord): Promise<Active> {
    const partial = { run, release } as Active;
    this.active = partial;
    await this.setStatus('loading');
    const progress = this.progress(run.id);
    partial.model = await this.deps.loadModel(run.setup.model, progress, run.setup.precision);
    const dataset = await this.deps.loadDataset(run.setup.dataset);
    const judge = await this.deps.makeJudge(run.setup.judge, partial.model);
    const session = new TrainingSession({ engine: partial.model.engine, codec: partial.model.codec, dataset, judge, setup: run.setup, hooks: this.deps.hooks });
    if (checkpoint) session.restore(checkpoint.state);
    run.baseModel = partial.model.baseModel;
    this.active = { run, model: partial.model, session, release };
    return this.active;
  }

  private unload(): void {
    const a = this.active;
    if (!a) return;
    a.session?.dispose();
    a.model?.engine.dispose();
    a.release();
    this.active = undefined;
  }

  async start(setup: RunSetup): Promise<{ runId: string }> {
    if (this.loop && this.status === 'running') throw new TrainerStateError('A run is already training in this trainer; stop or pause it first.');
    checkSetup(setup);
    this.unload();
    const id = this.deps.newRunId?.() ?? `run-${this.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
    const t = this.now();
    const run: RunRecord = { id, setup, status: 'idle', createdAt: t, updatedAt: t, step: 0, checkpointStep: 0, baseModel: '' };
    const release = await this.lock(id);
    await this.deps.store.createRun(run);
    this.begin(async () => {
      await this.load(run, release);
    }, false);
    return { runId: id };
  }

  async resume(runId: string): Promise<void> {
    if (this.active?.run.id === runId && !this.needsReload && this.status === 'paused') {
      this.begin(() => Promise.resolve(), false);
      return;
    }
    const run = await this.deps.store.getRun(runId);
    if (!run) throw new RunNotFoundError(`No run "${runId}" is stored; pick one from the run list.`, { runId });
    this.unload();
    const release = await this.lock(runId);
    this.needsReload = false;
    let checkpoint: CheckpointRecord | undefined;
    try {
      checkpoint = await this.deps.store.latestCheckpoint(runId);
      const from = checkpoint?.step ?? 0;
      await this.deps.store.discardAfter(runId, from);
      run.step = from;
    } catch (err) {
      // A damaged checkpoint or log: the run is marked failed with the reason and its lock released.
      const message = err instanceof Error ? err.message : String(err);
      // Best effort: when the record itself cannot be written, the error below still names the fault.
      await Promise.resolve()
        .then(() => this.deps.store.setStatus(runId, 'failed', message, this.now()))
        .catch(() => undefined);
      release();
      throw err;
    }
    this.begin(async () => {
      await this.load(run, release, checkpoint);
    }, false);
  }

  async pause(): Promise<void> {
    this.pauseRequested = true;
    await this.loop;
  }

  async step(): Promise<void> {
    if (this.status !== 'paused' || !this.active) throw new TrainerStateError(`Single steps need a paused run; the trainer is ${this.status}.`);
    this.begin(() => Promise.resolve(), true);
    await this.loop;
  }

  /** Stops between steps; a checkpoint of the last stored step is saved first, so its adapters can be exported. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    await this.loop;
    if (this.active && this.status === 'paused') await this.setStatus('stopped', await this.checkpointAtStop(this.active));
    this.unload();
  }

  /**
   * Save a checkpoint of the last stored step when the run stops past its last checkpoint. Not after a GPU
   * error (the adapters in memory may hold part of an uncommitted step) nor with a step waiting to be stored.
   * Returns what the stopped status should say when it could not be saved.
   */
  private async checkpointAtStop(a: Active): Promise<string | undefined> {
    const step = a.run.step;
    if (this.needsReload || a.pending || !a.session || a.session.step !== step || step <= a.run.checkpointStep) return undefined;
    const progress = this.progress(a.run.id);
    try {
      progress('checkpoint', 0, 1, 'checkpoints', `saving checkpoint at step ${step} (stop)`);
      await this.deps.store.saveCheckpoint(await this.checkpointOf(a, step), this.now());
      a.run.checkpointStep = step;
      progress('checkpoint', 1, 1, 'checkpoints', `saved checkpoint at step ${step} (stop)`);
      return undefined;
    } catch (err) {
      this.emit({ kind: 'error', runId: a.run.id, error: serializeError(err) });
      return `Stopped, but the checkpoint of step ${step} was not saved (${err instanceof Error ? err.message : String(err)}); the last checkpoint is step ${a.run.checkpointStep}.`;
    }
  }

  private begin(prepare: () => Promise<void>, single: boolean): void {
    this.pauseRequested = false;
    this.stopRequested = false;
    this.loop = (async () => {
      try {
        await prepare();
        await this.run(single);
      } catch (err) {
        await this.fail(err);
      }
    })();
  }

  private async fail(err: unknown): Promise<void> {
    const runId = this.active?.run.id;
    if (this.active && (await this.deps.isDeviceLost?.(err)) === true) {
      const at = this.active.run.checkpointStep;
      this.needsReload = true;
      await this.setStatus('paused', `The GPU device was lost (${err instanceof Error ? err.message : String(err)}). Resume to continue from the checkpoint at step ${at} on a fresh device.`);
      this.active.session?.dispose();
      this.active.release();
      this.active = { ...this.active, release: () => undefined };
      return;
    }
    if (this.active && err instanceof WebGpuError) {
      // A GPU error mid-step: the step was not committed; earlier agents' updates of it may sit in memory,
      // so resume reloads from the last checkpoint rather than continuing from them.
      const at = this.active.run.checkpointStep;
      this.needsReload = true;
      this.emit({ kind: 'error', runId: this.active.run.id, error: serializeError(err) });
      await this.setStatus('paused', `${err.name}: ${err.message} The run is paused; resume continues from the checkpoint at step ${at}.`);
      this.active.session?.dispose();
      this.active.release();
      this.active = { ...this.active, release: () => undefined };
      return;
    }
    this.emit({ kind: 'error', ...(runId ? { runId } : {}), error: serializeError(err) });
    if (this.active) await this.setStatus('failed', err instanceof Error ? err.message : String(err));
    this.unload();
  }

  private async commit(a: Active, c: StepCommit): Promise<boolean> {
    try {
      await this.deps.store.commitStep({ ...c, baseModel: a.run.baseModel });
      a.pending = undefined;
      a.run.step = c.step;
      if (c.checkpoint) a.run.checkpointStep = c.step;
      return true;
    } catch (err) {
      if (!(err instanceof StorageQuotaError)) throw err;
      a.pending = c;
      await this.setStatus('paused', err.message);
      return false;
    }
  }

  private async run(single: boolean): Promise<void> {
    const a = this.active;
    if (!a) return;
    const setup = a.run.setup;
    await this.setStatus('running');
    if (a.pending && !(await this.commit(a, a.pending))) return;
    const progress = this.progress(a.run.id);
    if (setup.coldStart && a.session.step === 0 && a.coldStartNotes === undefined) a.coldStartNotes = (await a.session.coldStart(progress)).notes;
    while (setup.steps === 0 || a.session.step < setup.steps) {
      if (this.stopRequested) break;
      if (this.pauseRequested) {
        await this.setStatus('paused');
        return;
      }
      const out = await a.session.runStep(progress);
      const step = out.metrics.step;
      const due = step % setup.checkpointEvery === 0 || step === setup.steps;
      let checkpoint: CheckpointRecord | undefined;
      if (due) {
        progress('checkpoint', 0, 1, 'checkpoints', `saving checkpoint at step ${step}`);
        checkpoint = await this.checkpointOf(a, step);
        progress('checkpoint', 1, 1, 'checkpoints', `saved checkpoint at step ${step}`);
      }
      const notes = step === 1 && a.coldStartNotes ? [...a.coldStartNotes, ...out.notes] : out.notes;
      const ok = await this.commit(a, { runId: a.run.id, step, metrics: out.metrics, trajectories: out.trajectories, memoryItems: out.memoryItems, checkpoint, notes, now: this.now() });
      if (!ok) return;
      this.emit({ kind: 'step', runId: a.run.id, metrics: out.metrics });
      if (single) {
        await this.setStatus('paused');
        return;
      }
    }
    if (this.stopRequested) {
      await this.setStatus('stopped', await this.checkpointAtStop(a));
      return;
    }
    await this.setStatus('done');
  }

  private async checkpointOf(a: Active, step: number): Promise<CheckpointRecord> {
    const peft = {} as CheckpointRecord['peft'];
    for (const n of AGENT_NAMES) peft[n] = await a.model.engine.saveAdapter(a.session.adapters[n], a.run.baseModel);
    return { runId: a.run.id, step, state: await a.session.state(), peft, createdAt: this.now() };
  }

  /** The current adapters as PEFT files (for the CLI's adapters/ folder). */
  async exportAdapters(): Promise<CheckpointRecord['peft']> {
    const a = this.active;
    if (!a) throw new TrainerStateError('No run is loaded; start or resume one first.');
    const out = perAgent(() => ({}));
    for (const n of AGENT_NAMES) out[n] = await a.model.engine.saveAdapter(a.session.adapters[n], a.run.baseModel);
    return out;
  }

  /** Release the model and the run lock. */
  dispose(): void {
    this.unload();
  }
}

// A CLI run folder as the trainer's RunStore: run.json, metrics.jsonl, trajectories.jsonl,
// memory.jsonl, adapters/{agent}/ (PEFT) and checkpoint/ (state, PEFT adapters), rewritten atomically;
// a damaged file is a named error, and a run is never replaced or restarted without being asked.

import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_NAMES, perAgent } from '../agents/names';
import type { RunStatus } from '../run/protocol/trainer';
import { RunNotFoundError, StorageQuotaError } from '../rl/trainerErrors';
import { isQuotaError, type CheckpointRecord, type RunRecord, type RunStore, type StepCommit } from '../run/runStore';
import type { SessionState } from '../run/training/checkpointState';
import { readDir, recoverDir, writeDir } from './atomicDir';
import { CheckpointMissingError, RunExistsError, RunFileCorruptError, RunFolderError } from './errors';
import { lockedError, lockHolder } from './fileLock';

export const RUN_FILES = Object.freeze({
  run: 'run.json',
  metrics: 'metrics.jsonl',
  trajectories: 'trajectories.jsonl',
  memory: 'memory.jsonl',
  adapters: 'adapters',
  checkpoint: 'checkpoint',
});

const STATE_FILE = 'state.json';

/** A checkpoint folder whose every agent adapter is there and whose state.json (written last) is whole JSON. */
function completeCheckpoint(dir: string): boolean {
  if (!AGENT_NAMES.every((n) => existsSync(join(dir, n)))) return false;
  try {
    JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8'));
    return true;
  } catch {
    return false;
  }
}

/** JSON from a run file; text that is cut off or not JSON is a RunFileCorruptError naming the file (and line). */
function parseRunFile<T>(text: string, file: string, line?: number): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    const where = line === undefined ? file : `${file} line ${line}`;
    const fix = line === undefined ? 'Restore it from a copy, or start a new run with --force.' : 'The run was likely killed while writing it: delete that line and resume again, or resume with --restart.';
    throw new RunFileCorruptError(`${where} is cut off or not JSON (${(err as Error).message}). ${fix}`, { file, ...(line === undefined ? {} : { line }) });
  }
}

const lines = (rows: readonly unknown[]) => rows.map((r) => `${JSON.stringify(r)}\n`).join('');

export class FolderRunStore implements RunStore {
  constructor(readonly dir: string) {}

  private path(name: string): string {
    return join(this.dir, name);
  }

  createRun(run: RunRecord): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    for (const f of [RUN_FILES.metrics, RUN_FILES.trajectories, RUN_FILES.memory]) writeFileSync(this.path(f), '');
    writeFileSync(this.path(RUN_FILES.run), JSON.stringify(run, null, 2));
    return Promise.resolve();
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    if (!existsSync(this.path(RUN_FILES.run))) return Promise.resolve(undefined);
    const run = this.readRun();
    return Promise.resolve(run.id === id ? run : undefined);
  }

  /** The run this folder holds. */
  readRun(): RunRecord {
    const p = this.path(RUN_FILES.run);
    this.checkFolder();
    if (!existsSync(p)) throw new RunNotFoundError(`${this.dir} holds no run (no ${RUN_FILES.run}). Give the --out folder of a train run.`, { file: p });
    const run = parseRunFile<RunRecord>(readFileSync(p, 'utf8'), p);
    if (typeof run !== 'object' || run === null || typeof run.id !== 'string' || typeof run.setup !== 'object') {
      throw new RunFileCorruptError(`${p} is not a run record (no id or setup). Restore it from a copy, or start a new run with --force.`, { file: p });
    }
    return run;
  }

  /** The folder, when it exists, must be a folder. */
  checkFolder(): void {
    if (existsSync(this.dir) && !statSync(this.dir).isDirectory()) {
      throw new RunFolderError(`${this.dir} is a file, not a run folder. Give a new or empty folder for --out, or a train run's folder for --resume.`, { file: this.dir });
    }
  }

  /**
   * Make the folder ready for a new run: refused (RunExistsError) when it holds a run, unless `force`;
   * then the old run's files go (other files stay), never while another process holds its lock.
   */
  prepareNew(force: boolean): void {
    this.checkFolder();
    const held = Object.values(RUN_FILES).filter((f) => existsSync(this.path(f)));
    if (held.length === 0) return;
    if (!force) {
      let what = `a run (${held.join(', ')})`;
      if (held.includes(RUN_FILES.run)) {
        const run = this.readRun();
        what = `run ${run.id} (${run.status}, step ${run.step})`;
      }
      throw new RunExistsError(`${this.dir} already holds ${what}. Continue it with --resume ${this.dir}, or pass --force to replace it.`, { file: this.dir });
    }
    const holder = lockHolder(this.dir);
    if (holder) throw lockedError(this.dir, holder);
    for (const f of Object.values(RUN_FILES)) rmSync(this.path(f), { recursive: true, force: true });
    rmSync(this.path(`${RUN_FILES.checkpoint}.tmp`), { recursive: true, force: true });
  }

  /**
   * Before a resume: finish a checkpoint save a kill interrupted (a complete checkpoint.tmp/, its state.json
   * written last and whole, replaces checkpoint/; an incomplete one is dropped) and rewrite adapters/ from
   * the checkpoint. Returns what it did.
   */
  recoverCheckpoint(): 'renamed' | 'dropped' | 'none' {
    const done = recoverDir(this.path(RUN_FILES.checkpoint), completeCheckpoint);
    const cp = this.path(RUN_FILES.checkpoint);
    for (const n of AGENT_NAMES) {
      const adapter = join(this.path(RUN_FILES.adapters), n);
      rmSync(`${adapter}.tmp`, { recursive: true, force: true });
      if (existsSync(join(cp, STATE_FILE)) && existsSync(join(cp, n))) writeDir(adapter, readDir(join(cp, n)));
    }
    return done;
  }

  /**
   * A resume must continue from a checkpoint: CheckpointMissingError when the run has taken steps but
   * the checkpoint (or its state file) is gone, unless `restart` (then the checkpoint is removed).
   */
  checkResumable(run: RunRecord, restart: boolean): void {
    const cp = this.path(RUN_FILES.checkpoint);
    if (restart) {
      rmSync(cp, { recursive: true, force: true });
      return;
    }
    const fix = `Restore it from a copy, or pass --restart to train ${run.id} again from step 0 (its ${run.step} logged steps are discarded).`;
    if (existsSync(cp) && !existsSync(join(cp, STATE_FILE))) {
      throw new CheckpointMissingError(`${join(cp, STATE_FILE)} is missing, so ${this.dir} cannot continue from its checkpoint. ${fix}`, { file: join(cp, STATE_FILE), runId: run.id });
    }
    if (!existsSync(cp) && (run.step > 0 || run.checkpointStep > 0)) {
      const lost = run.checkpointStep > 0 ? `lost its checkpoint of step ${run.checkpointStep}` : 'saved no checkpoint yet';
      throw new CheckpointMissingError(`${cp} is missing: ${this.dir} ran ${run.step} steps and has ${lost} to continue from. ${fix}`, { file: cp, runId: run.id });
    }
  }

  private patchRun(patch: Partial<RunRecord>): void {
    writeFileSync(`${this.path(RUN_FILES.run)}.tmp`, JSON.stringify({ ...this.readRun(), ...patch }, null, 2));
    renameSync(`${this.path(RUN_FILES.run)}.tmp`, this.path(RUN_FILES.run));
  }

  setStatus(_id: string, status: RunStatus, message: string | undefined, now: number): Promise<void> {
    this.patchRun({ status, message, updatedAt: now });
    return Promise.resolve();
  }

  /** The checkpoint (written to a temporary folder, then renamed) and adapters first; the step's lines last. */
  commitStep(c: StepCommit): Promise<void> {
    try {
      if (c.checkpoint) this.writeCheckpoint(c.checkpoint);
      appendFileSync(this.path(RUN_FILES.metrics), lines([{ ...c.metrics, notes: c.notes }]));
      appendFileSync(this.path(RUN_FILES.trajectories), lines(c.trajectories));
      appendFileSync(this.path(RUN_FILES.memory), lines(c.memoryItems));
      this.patchRun({ step: c.step, updatedAt: c.now, ...(c.baseModel ? { baseModel: c.baseModel } : {}), ...(c.checkpoint ? { checkpointStep: c.step } : {}) });
    } catch (err) {
      if (isQuotaError(err)) throw new StorageQuotaError(`The disk is full: step ${c.step} was not fully saved in ${this.dir}. Free space, then run with --resume.`, { step: c.step });
      throw err;
    }
    return Promise.resolve();
  }

  /** checkpoint/ (written to a temporary folder, then renamed; state.json last) and adapters/{agent}/. */
  private writeCheckpoint(cp: CheckpointRecord): void {
    const files: Record<string, Uint8Array | string> = {};
    for (const n of AGENT_NAMES) for (const [name, data] of Object.entries(cp.peft[n])) files[join(n, name)] = data;
    files[STATE_FILE] = JSON.stringify({ step: cp.step, createdAt: cp.createdAt, state: cp.state });
    writeDir(this.path(RUN_FILES.checkpoint), files);
    for (const n of AGENT_NAMES) writeDir(join(this.path(RUN_FILES.adapters), n), cp.peft[n]);
  }

  saveCheckpoint(cp: CheckpointRecord, now: number): Promise<void> {
    try {
      this.writeCheckpoint(cp);
      this.patchRun({ checkpointStep: cp.step, updatedAt: now });
    } catch (err) {
      if (isQuotaError(err)) throw new StorageQuotaError(`The disk is full: the checkpoint of step ${cp.step} was not saved in ${this.dir}. Free space, then run with --resume.`, { step: cp.step });
      throw err;
    }
    return Promise.resolve();
  }

  latestCheckpoint(runId: string): Promise<CheckpointRecord | undefined> {
    const dir = this.path(RUN_FILES.checkpoint);
    const file = join(dir, STATE_FILE);
    if (!existsSync(file)) return Promise.resolve(undefined);
    const saved = parseRunFile<{ step: number; createdAt: number; state: SessionState }>(readFileSync(file, 'utf8'), file);
    return Promise.resolve({ runId, step: saved.step, createdAt: saved.createdAt, state: saved.state, peft: perAgent((n) => readDir(join(dir, n))) });
  }

  discardAfter(_runId: string, step: number): Promise<void> {
    for (const f of [RUN_FILES.metrics, RUN_FILES.trajectories, RUN_FILES.memory]) {
      const p = this.path(f);
      const kept = readFileSync(p, 'utf8')
        .split('\n')
        .filter((l, i) => l !== '' && parseRunFile<{ step: number }>(l, p, i + 1).step <= step);
      writeFileSync(p, kept.map((l) => `${l}\n`).join(''));
    }
    this.patchRun({ step });
    return Promise.resolve();
  }
}

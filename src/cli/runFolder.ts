// A CLI run folder as the trainer's RunStore: run.json, metrics.jsonl, trajectories.jsonl,
// memory.jsonl, adapters/{agent}/ (PEFT) and checkpoint/ (state, PEFT adapters), rewritten atomically.

import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_NAMES, perAgent } from '../agents/names';
import type { RunStatus } from '../protocol/trainer';
import { RunNotFoundError, StorageQuotaError } from '../rl/trainer/errors';
import { isQuotaError, type CheckpointRecord, type RunRecord, type RunStore, type StepCommit } from '../rl/trainer/runStore';
import type { SessionState } from '../rl/trainer/session';

export const RUN_FILES = Object.freeze({
  run: 'run.json',
  metrics: 'metrics.jsonl',
  trajectories: 'trajectories.jsonl',
  memory: 'memory.jsonl',
  adapters: 'adapters',
  checkpoint: 'checkpoint',
});

function writeDir(dir: string, files: Record<string, Uint8Array | string>): void {
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const [name, data] of Object.entries(files)) {
    const path = join(tmp, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, data);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

function readDir(dir: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir)) out[name] = new Uint8Array(readFileSync(join(dir, name)));
  return out;
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
    const p = this.path(RUN_FILES.run);
    if (!existsSync(p)) return Promise.resolve(undefined);
    const run = JSON.parse(readFileSync(p, 'utf8')) as RunRecord;
    return Promise.resolve(run.id === id ? run : undefined);
  }

  /** The run this folder holds. */
  readRun(): RunRecord {
    const p = this.path(RUN_FILES.run);
    if (!existsSync(p)) throw new RunNotFoundError(`${this.dir} holds no run (no ${RUN_FILES.run}). Give the --out folder of a train run.`, { file: p });
    return JSON.parse(readFileSync(p, 'utf8')) as RunRecord;
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
      if (c.checkpoint) {
        const files: Record<string, Uint8Array | string> = { 'state.json': JSON.stringify({ step: c.checkpoint.step, createdAt: c.checkpoint.createdAt, state: c.checkpoint.state }) };
        for (const n of AGENT_NAMES) for (const [name, data] of Object.entries(c.checkpoint.peft[n])) files[join(n, name)] = data;
        writeDir(this.path(RUN_FILES.checkpoint), files);
        for (const n of AGENT_NAMES) writeDir(join(this.path(RUN_FILES.adapters), n), c.checkpoint.peft[n]);
      }
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

  latestCheckpoint(runId: string): Promise<CheckpointRecord | undefined> {
    const dir = this.path(RUN_FILES.checkpoint);
    if (!existsSync(join(dir, 'state.json'))) return Promise.resolve(undefined);
    const saved = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { step: number; createdAt: number; state: SessionState };
    return Promise.resolve({ runId, step: saved.step, createdAt: saved.createdAt, state: saved.state, peft: perAgent((n) => readDir(join(dir, n))) });
  }

  discardAfter(_runId: string, step: number): Promise<void> {
    for (const f of [RUN_FILES.metrics, RUN_FILES.trajectories, RUN_FILES.memory]) {
      const p = this.path(f);
      const kept = readFileSync(p, 'utf8')
        .split('\n')
        .filter((l) => l !== '' && (JSON.parse(l) as { step: number }).step <= step);
      writeFileSync(p, kept.map((l) => `${l}\n`).join(''));
    }
    this.patchRun({ step });
    return Promise.resolve();
  }
}

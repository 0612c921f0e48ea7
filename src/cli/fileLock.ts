// The CLI's run lock: a `.lock` file in the run folder holding the process id and run id, created
// exclusively; a lock whose process is gone is taken over. The browser uses Web Locks for the same job.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunLockedError } from '../rl/trainerErrors';
import type { RunLock } from '../run/training/deps';

const LOCK_FILE = '.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface LockHolder {
  pid: number;
  /** The run the holder trains ('' for a lock written before run ids were kept in it). */
  runId: string;
}

/** Who holds dir's lock: a live process other than this one, or undefined (no lock, or a stale one). */
export function lockHolder(dir: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, LOCK_FILE), 'utf8');
  } catch {
    return undefined;
  }
  let holder: LockHolder = { pid: Number(text), runId: '' };
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed === 'object' && parsed !== null) holder = { pid: Number(parsed.pid), runId: String(parsed.runId ?? '') };
  } catch {
    // a lock from before run ids were kept: the bare process id
  }
  return Number.isInteger(holder.pid) && holder.pid !== process.pid && alive(holder.pid) ? holder : undefined;
}

/** The RunLockedError for dir's holder, naming the holder's run and process. */
export function lockedError(dir: string, holder: LockHolder): RunLockedError {
  const run = holder.runId === '' ? 'a run' : `run ${holder.runId}`;
  return new RunLockedError(`${dir} is in use: ${run} is being trained there by process ${holder.pid}. Wait for it to finish or stop that process first.`, { runId: holder.runId, pid: holder.pid });
}

export function fileLock(dir: string): RunLock {
  const path = join(dir, LOCK_FILE);
  return {
    acquire: (runId) => {
      mkdirSync(dir, { recursive: true });
      const mine = JSON.stringify({ pid: process.pid, runId });
      try {
        writeFileSync(path, mine, { flag: 'wx' });
      } catch {
        const holder = lockHolder(dir);
        if (holder) return Promise.reject(lockedError(dir, holder));
        writeFileSync(path, mine);
      }
      return Promise.resolve(() => rmSync(path, { force: true }));
    },
  };
}

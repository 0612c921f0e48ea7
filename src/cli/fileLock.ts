// The CLI's run lock: a `.lock` file holding the process id in the run folder, created exclusively;
// a lock whose process is gone is taken over. The browser uses Web Locks for the same job.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunLockedError } from '../rl/trainer/errors';
import type { RunLock } from '../rl/trainer/trainer';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function fileLock(dir: string): RunLock {
  const path = join(dir, '.lock');
  return {
    acquire: (runId) => {
      mkdirSync(dir, { recursive: true });
      try {
        writeFileSync(path, String(process.pid), { flag: 'wx' });
      } catch {
        const pid = Number(readFileSync(path, 'utf8'));
        if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) {
          return Promise.reject(new RunLockedError(`Run ${runId} in ${dir} is being trained by process ${pid}. Wait for it or stop it first.`, { runId, pid }));
        }
        writeFileSync(path, String(process.pid));
      }
      return Promise.resolve(() => rmSync(path, { force: true }));
    },
  };
}

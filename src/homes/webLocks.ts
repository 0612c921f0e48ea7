// Web Locks as the trainer's RunLock: one exclusive lock per run id across every tab and worker of
// the origin; a second tab asking for a held run gets RunLockedError instead of training it twice.

import { RunLockedError } from '../rl/trainerErrors';
import type { RunLock } from '../run/training/deps';

/** The lock name of a run. */
export const runLockName = (runId: string): string => `comam-lab:run:${runId}`;

export function webLocks(locks: LockManager): RunLock {
  return {
    acquire: (runId) =>
      new Promise<() => void>((resolve, reject) => {
        void locks
          .request(runLockName(runId), { ifAvailable: true }, (lock) => {
            if (lock === null) {
              reject(new RunLockedError(`Run ${runId} is training in another tab. Switch to that tab, or close it and resume here.`, { runId }));
              return undefined;
            }
            return new Promise<void>((release) => resolve(() => release()));
          })
          .catch((err: unknown) => reject(err instanceof Error ? err : new Error(String(err))));
      }),
  };
}

/** Ids of the runs whose lock some tab or worker of this origin holds now. */
export async function heldRunIds(locks: LockManager): Promise<Set<string>> {
  const prefix = runLockName('');
  const { held = [] } = await locks.query();
  return new Set(held.map((l) => l.name ?? '').filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length)));
}

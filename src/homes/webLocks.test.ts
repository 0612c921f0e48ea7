import { describe, expect, it } from 'vitest';
import { heldRunIds, runLockName } from './webLocks';

describe('heldRunIds', () => {
  it('lists the runs whose Web Lock is held, ignoring other locks', async () => {
    const locks = {
      query: () => Promise.resolve({ held: [{ name: runLockName('a'), mode: 'exclusive' }, { name: 'something-else', mode: 'exclusive' }, { name: runLockName('b-1'), mode: 'exclusive' }], pending: [] }),
    } as unknown as LockManager;
    expect([...(await heldRunIds(locks))].sort()).toEqual(['a', 'b-1']);
  });
});

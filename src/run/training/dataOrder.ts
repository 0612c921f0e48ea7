// The order training questions are visited in: a seeded shuffle per epoch and a cursor that a
// checkpoint saves, so a resumed run continues with exactly the questions it would have seen.

import { Rng } from '../../model/rng';

export interface DataCursor {
  epoch: number;
  /** Position within the epoch's order. */
  offset: number;
}

/** Fisher–Yates over a copy of `ids` with Rng(seed + epoch·7919). Same seed and epoch → same order. */
export function epochOrder(ids: readonly string[], seed: number, epoch: number): string[] {
  const out = [...ids];
  const rng = new Rng((seed + epoch * 7919) >>> 0);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The next `n` ids from `cursor`, crossing into the next epoch's order when one runs out.
 * Returns the ids and the advanced cursor (the input is not changed).
 * Example: 3 ids, n = 2 from {0, 2} → [last of epoch 0, first of epoch 1], cursor {1, 1}.
 */
export function takeNext(ids: readonly string[], seed: number, cursor: DataCursor, n: number): { ids: string[]; cursor: DataCursor } {
  if (ids.length === 0) return { ids: [], cursor };
  const taken: string[] = [];
  let { epoch, offset } = cursor;
  let order = epochOrder(ids, seed, epoch);
  while (taken.length < n) {
    if (offset >= order.length) {
      epoch += 1;
      offset = 0;
      order = epochOrder(ids, seed, epoch);
    }
    taken.push(order[offset]);
    offset += 1;
  }
  return { ids: taken, cursor: { epoch, offset } };
}

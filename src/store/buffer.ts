// Bounded metric buffers and event batching for the live charts: a run of any length keeps at most
// `cap` points (older points thinned, the span kept), and events are applied in batches, not one by one.

/**
 * Append `items` to `buf` (a new array). When over `cap`, every other point is dropped, the newest
 * always kept, until it fits. Example: cap 4, [1,2,3,4] + [5] → [1,3,5].
 */
export function appendBounded<T>(buf: readonly T[], items: readonly T[], cap: number): T[] {
  if (!(Number.isInteger(cap) && cap >= 2)) throw new RangeError(`appendBounded: cap must be a whole number ≥ 2, got ${cap}.`);
  let out = buf.concat(items);
  while (out.length > cap) {
    const last = out[out.length - 1];
    const thinned = out.filter((_, i) => i % 2 === 0);
    if (thinned[thinned.length - 1] !== last) thinned.push(last);
    out = thinned;
  }
  return out;
}

/** Collects items and hands them to `apply` in one call per `delayMs`, so a burst of events is one store update. */
export function createBatcher<T>(apply: (items: T[]) => void, delayMs: number) {
  let queue: T[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    apply(items);
  };
  return {
    push(item: T) {
      queue.push(item);
      timer ??= setTimeout(flush, delayMs);
    },
    /** Apply what is queued now (tests, and before a control call reads the state). */
    flush,
    /** Drop what is queued and stop the timer. */
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      queue = [];
    },
  };
}

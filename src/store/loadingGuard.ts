// The store slices' async guard: mark the slice loading, run the work, keep a failure as the slice's
// serialized error (never thrown to the UI), and clear loading whatever happened.

import { serializeError, type SerializedError } from '../protocol/errors';

export type GuardPatch = (p: { loading?: boolean; error?: SerializedError }) => void;

export function loadingGuard(patch: GuardPatch): (work: () => Promise<void>) => Promise<void> {
  return async (work) => {
    patch({ loading: true, error: undefined });
    try {
      await work();
    } catch (err) {
      patch({ error: serializeError(err) });
    } finally {
      patch({ loading: false });
    }
  };
}

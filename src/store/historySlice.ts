// The history slice: the injected RunHistorySource, its list of runs, the runs opened for the charts
// (one to view, one to overlay), and the signal that stored runs changed (the list follows it live).
// Every call's failure becomes a message, never a crash.

import type { StateCreator } from 'zustand';
import type { SerializedError } from '../protocol/errors';
import { loadingGuard } from './loadingGuard';
import type { RunHistorySource, RunSummary, StoredRun } from '../run/runHistory';

export interface HistoryState {
  /** Absent until a store is attached (the IndexedDB one comes with issue 8). */
  source?: RunHistorySource;
  runs: RunSummary[];
  loading: boolean;
  error?: SerializedError;
  /** A past run shown on the charts instead of the live one. */
  viewed?: StoredRun;
  /** A run drawn over the charts for comparison. */
  overlay?: StoredRun;
}

export interface HistorySlice {
  history: HistoryState;
  /**
   * Counts changes to the stored runs: each step or status the trainer stored, an import, a delete. The history
   * list re-reads on each; panels that list runs themselves (adapters, evaluation, stepper) re-read when it moves.
   */
  storedRuns: number;
  storedRunsChanged: () => void;
  attachHistory: (source: RunHistorySource | undefined) => Promise<void>;
  refreshHistory: () => Promise<void>;
  viewRun: (id: string | undefined) => Promise<void>;
  overlayRun: (id: string | undefined) => Promise<void>;
  deleteRun: (id: string) => Promise<void>;
}

export const createHistorySlice: StateCreator<HistorySlice, [], [], HistorySlice> = (set, get) => {
  const patch = (p: Partial<HistoryState>) => set((s) => ({ history: { ...s.history, ...p } }));
  const guarded = loadingGuard(patch);
  /** Nothing to do until a history source is attached. */
  const guard = async (work: (source: RunHistorySource) => Promise<void>) => {
    const source = get().history.source;
    if (source) await guarded(() => work(source));
  };
  return {
    history: { runs: [], loading: false },
    storedRuns: 0,
    storedRunsChanged: () => {
      set((s) => ({ storedRuns: s.storedRuns + 1 }));
      void get().refreshHistory();
    },
    attachHistory: async (source) => {
      set({ history: { source, runs: [], loading: false } });
      await get().refreshHistory();
    },
    refreshHistory: () => guard(async (source) => patch({ runs: await source.list() })),
    viewRun: (id) => (id === undefined ? Promise.resolve(patch({ viewed: undefined })) : guard(async (source) => patch({ viewed: await source.open(id) }))),
    overlayRun: (id) => (id === undefined ? Promise.resolve(patch({ overlay: undefined })) : guard(async (source) => patch({ overlay: await source.open(id) }))),
    deleteRun: (id) =>
      guard(async (source) => {
        await source.delete(id);
        const { viewed, overlay } = get().history;
        patch({
          runs: await source.list(),
          viewed: viewed?.summary.id === id ? undefined : viewed,
          overlay: overlay?.summary.id === id ? undefined : overlay,
        });
        set((s) => ({ storedRuns: s.storedRuns + 1 }));
      }),
  };
};

// The memory bank's slice: the query (run, persona, agent, search text), the items it finds with
// their provenance, deletes that persist, and the last replay of a run's adapters on a history.

import type { StateCreator } from 'zustand';
import type { SerializedError } from '../protocol/errors';
import { labDb, type LabDb, type MemoryItemRow } from '../homes/storage/db';
import { loadingGuard } from './loadingGuard';
import { deleteMemoryItem, memoryPersonas, queryMemory, type MemoryQuery } from '../homes/storage/runWorld';

export interface MemoryBankState {
  db?: LabDb;
  query: MemoryQuery;
  items: MemoryItemRow[];
  /** Personas that have items under the chosen run (or any run). */
  personas: string[];
  loading: boolean;
  error?: SerializedError;
}

export interface MemorySlice {
  memory: MemoryBankState;
  attachMemoryDb: (db: LabDb) => void;
  setMemoryQuery: (q: Partial<MemoryQuery>) => Promise<void>;
  refreshMemory: () => Promise<void>;
  deleteMemory: (seq: number) => Promise<void>;
}

const EMPTY: MemoryBankState = { query: {}, items: [], personas: [], loading: false };

export const createMemorySlice: StateCreator<MemorySlice, [], [], MemorySlice> = (set, get) => {
  const patch = (p: Partial<MemoryBankState>) => set((s) => ({ memory: { ...s.memory, ...p } }));
  const db = () => get().memory.db ?? labDb();
  const guard = loadingGuard(patch);
  return {
    memory: EMPTY,
    attachMemoryDb: (d) => set({ memory: { ...EMPTY, db: d } }),
    setMemoryQuery: async (q) => {
      const query = { ...get().memory.query, ...q };
      for (const k of Object.keys(query) as (keyof MemoryQuery)[]) if (query[k] === undefined || query[k] === '') delete query[k];
      patch({ query });
      await get().refreshMemory();
    },
    refreshMemory: () =>
      guard(async () => {
        const { query } = get().memory;
        const [items, personas] = await Promise.all([queryMemory(db(), query), memoryPersonas(db(), query.runId)]);
        patch({ items, personas });
      }),
    deleteMemory: (seq) =>
      guard(async () => {
        await deleteMemoryItem(db(), seq);
        patch({ items: get().memory.items.filter((m) => m.seq !== seq) });
      }),
  };
};

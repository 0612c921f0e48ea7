// The dataset slice: the running generate/import job and what the Dataset panel has selected
// (dataset, persona, question). Dataset contents live in IndexedDB, not in the store.

import type { StateCreator } from 'zustand';
import type { StoredSummary } from '../env/importProtocol';
import type { SerializedError } from '../protocol/errors';

export type DataJob =
  | { status: 'idle' }
  | { status: 'running'; label: string }
  | { status: 'done'; summary: StoredSummary }
  | { status: 'failed'; error: SerializedError };

export interface DataSelection {
  datasetId?: string;
  personaId?: string;
  questionId?: string;
}

export interface DatasetSlice {
  data: { job: DataJob; selected: DataSelection };
  setDataJob: (job: DataJob) => void;
  selectDataset: (datasetId: string | undefined) => void;
  selectPersona: (personaId: string | undefined) => void;
  selectQuestion: (questionId: string | undefined) => void;
}

export const createDatasetSlice: StateCreator<DatasetSlice, [], [], DatasetSlice> = (set) => ({
  data: { job: { status: 'idle' }, selected: {} },
  setDataJob: (job) => set((s) => ({ data: { ...s.data, job } })),
  selectDataset: (datasetId) => set((s) => ({ data: { ...s.data, selected: datasetId === undefined ? {} : { datasetId } } })),
  selectPersona: (personaId) => set((s) => ({ data: { ...s.data, selected: { datasetId: s.data.selected.datasetId, personaId } } })),
  selectQuestion: (questionId) => set((s) => ({ data: { ...s.data, selected: { ...s.data.selected, questionId } } })),
});

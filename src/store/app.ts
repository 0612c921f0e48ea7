// The one zustand store, combined from typed slices. Middleware goes here, on the combined store.

import { create } from 'zustand';
import { createComputeSlice, type ComputeSlice } from './computeSlice';
import { createDatasetSlice, type DatasetSlice } from './datasetSlice';
import { createHistorySlice, type HistorySlice } from './historySlice';
import { createRunSlice, type RunSlice } from './runSlice';
import { createSetupSlice, type SetupSlice } from './setupSlice';

export type AppState = ComputeSlice & DatasetSlice & SetupSlice & RunSlice & HistorySlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createComputeSlice(...a),
  ...createDatasetSlice(...a),
  ...createSetupSlice(...a),
  ...createRunSlice(...a),
  ...createHistorySlice(...a),
}));

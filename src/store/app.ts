// The one zustand store, combined from typed slices. Middleware goes here, on the combined store.

import { create } from 'zustand';
import { createComputeSlice, type ComputeSlice } from './computeSlice';
import { createDatasetSlice, type DatasetSlice } from './datasetSlice';

export type AppState = ComputeSlice & DatasetSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createComputeSlice(...a),
  ...createDatasetSlice(...a),
}));

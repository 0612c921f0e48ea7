// The one zustand store, combined from typed slices. Middleware goes here, on the combined store.

import { create } from 'zustand';
import { createComputeSlice, type ComputeSlice } from './computeSlice';
import { createDatasetSlice, type DatasetSlice } from './datasetSlice';
import { createEvalSlice, type EvalSlice } from './evalSlice';
import { createExperimentSlice, type ExperimentSlice } from './experimentSlice';
import { createHistorySlice, type HistorySlice } from './historySlice';
import { createRunSlice, type RunSlice } from './runSlice';
import { createSetupSlice, type SetupSlice } from './setupSlice';
import { createViewSlice, type ViewSlice } from './viewSlice';

export type AppState = ComputeSlice & DatasetSlice & SetupSlice & RunSlice & HistorySlice & ExperimentSlice & EvalSlice & ViewSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createComputeSlice(...a),
  ...createDatasetSlice(...a),
  ...createSetupSlice(...a),
  ...createRunSlice(...a),
  ...createHistorySlice(...a),
  ...createExperimentSlice(...a),
  ...createEvalSlice(...a),
  ...createViewSlice(...a),
}));

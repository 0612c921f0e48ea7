// The one zustand store, combined from typed slices. Middleware goes here, on the combined store.

import { create } from 'zustand';
import { createComputeSlice, type ComputeSlice } from './computeSlice';
import { createCreditSlice, type CreditSlice } from './creditSlice';
import { createDatasetSlice, type DatasetSlice } from './datasetSlice';
import { createEvalSlice, type EvalSlice } from './evalSlice';
import { createExperimentSlice, type ExperimentSlice } from './experimentSlice';
import { createHistorySlice, type HistorySlice } from './historySlice';
import { createMemorySlice, type MemorySlice } from './memorySlice';
import { createReplaySlice, type ReplaySlice } from './replaySlice';
import { createRunSlice, type RunSlice } from './runSlice';
import { createSetupSlice, type SetupSlice } from './setupSlice';
import { createStepperSlice, type StepperSlice } from './stepperSlice';
import { createViewSlice, type ViewSlice } from './viewSlice';

export type AppState = ComputeSlice &
  DatasetSlice &
  SetupSlice &
  RunSlice &
  HistorySlice &
  StepperSlice &
  MemorySlice &
  ReplaySlice &
  CreditSlice &
  ExperimentSlice &
  EvalSlice &
  ViewSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createComputeSlice(...a),
  ...createDatasetSlice(...a),
  ...createSetupSlice(...a),
  ...createRunSlice(...a),
  ...createHistorySlice(...a),
  ...createStepperSlice(...a),
  ...createMemorySlice(...a),
  ...createReplaySlice(...a),
  ...createCreditSlice(...a),
  ...createExperimentSlice(...a),
  ...createEvalSlice(...a),
  ...createViewSlice(...a),
}));

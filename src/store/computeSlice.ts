// The compute slice: which tfjs backend the workers run on, as reported by the probe worker.

import type { StateCreator } from 'zustand';
import type { BackendReport } from '../model/backendInfo';
import type { SerializedError } from '../protocol/errors';

export type ComputeStatus = 'probing' | 'ready' | 'failed';

export interface ComputeSlice {
  compute: {
    status: ComputeStatus;
    report?: BackendReport;
    error?: SerializedError;
    crossOriginIsolated: boolean;
  };
  setComputeReport: (report: BackendReport) => void;
  setComputeError: (error: SerializedError) => void;
}

export const createComputeSlice: StateCreator<ComputeSlice, [], [], ComputeSlice> = (set) => ({
  compute: { status: 'probing', crossOriginIsolated: globalThis.crossOriginIsolated },
  setComputeReport: (report) => set((s) => ({ compute: { ...s.compute, status: 'ready', report } })),
  setComputeError: (error) => set((s) => ({ compute: { ...s.compute, status: 'failed', error } })),
});

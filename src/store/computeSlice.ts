// The compute slice: which tfjs backend the workers run on, as reported by the probe worker.

import type { StateCreator } from 'zustand';
import type { BackendCheck, BackendPreference, BackendReport } from '../model/backendInfo';
import type { SerializedError } from '../protocol/errors';

export type ComputeStatus = 'probing' | 'ready' | 'failed';

export interface ComputeSlice {
  compute: {
    status: ComputeStatus;
    report?: BackendReport;
    /** Every backend's self-check (the selector shows them). */
    checks?: BackendCheck[];
    /** What the URL asked for (auto unless ?backend=). */
    preference: BackendPreference;
    error?: SerializedError;
    crossOriginIsolated: boolean;
  };
  setComputeReport: (report: BackendReport, checks?: BackendCheck[]) => void;
  setComputePreference: (preference: BackendPreference) => void;
  setComputeError: (error: SerializedError) => void;
}

export const createComputeSlice: StateCreator<ComputeSlice, [], [], ComputeSlice> = (set) => ({
  compute: { status: 'probing', preference: 'auto', crossOriginIsolated: globalThis.crossOriginIsolated },
  setComputeReport: (report, checks) => set((s) => ({ compute: { ...s.compute, status: 'ready', report, ...(checks ? { checks } : {}) } })),
  setComputePreference: (preference) => set((s) => ({ compute: { ...s.compute, preference } })),
  setComputeError: (error) => set((s) => ({ compute: { ...s.compute, status: 'failed', error } })),
});

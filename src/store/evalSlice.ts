// The evaluation view's slice: one evaluation at a time through the injected evaluator (a worker in
// the page), its progress, and its result or error.

import type { StateCreator } from 'zustand';
import { serializeError, type SerializedError } from '../protocol/errors';
import type { EvalProgress, EvalRequestOptions, EvalResult, EvalTarget } from '../run/protocol/evaluator';
import type { ExperimentSlice } from './experimentSlice';

export interface EvaluationState {
  running: boolean;
  progress?: EvalProgress;
  result?: EvalResult;
  error?: SerializedError;
}

export interface EvalSlice {
  evaluation: EvaluationState;
  evaluate: (target: EvalTarget, options: EvalRequestOptions) => Promise<void>;
}

export const createEvalSlice: StateCreator<EvalSlice & ExperimentSlice, [], [], EvalSlice> = (set, get) => ({
  evaluation: { running: false },
  evaluate: async (target, options) => {
    const services = get().services;
    if (!services || get().evaluation.running) return;
    set({ evaluation: { running: true } });
    try {
      const result = await services.evaluator().evaluate(target, options, (progress) => set((s) => ({ evaluation: { ...s.evaluation, progress } })));
      set({ evaluation: { running: false, result } });
    } catch (err) {
      set({ evaluation: { running: false, error: serializeError(err) } });
    }
  },
});

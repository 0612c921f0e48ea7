// The experiments slice: stored experiments, the one being run (with its progress) and the one
// shown; actions plan, run, resume, stop and delete through the injected LabServices.

import type { StateCreator } from 'zustand';
import { planExperiment, type ExperimentRecord, type ExperimentSpec } from '../experiments/plan';
import { ExperimentRunner, type RunnerProgress } from '../experiments/runner';
import { serializeError, type SerializedError } from '../protocol/errors';
import type { LabServices } from './labServices';

export interface ExperimentsState {
  list: ExperimentRecord[];
  selectedId?: string;
  /** The experiment being run now. */
  runningId?: string;
  progress?: RunnerProgress;
  error?: SerializedError;
}

export interface ExperimentSlice {
  services?: LabServices;
  experiments: ExperimentsState;
  attachServices: (services: LabServices | undefined) => Promise<void>;
  refreshExperiments: () => Promise<void>;
  /** Plan a comparison, store it and run it; resolves when it ends (done, failed or stopped). */
  startExperiment: (spec: ExperimentSpec) => Promise<void>;
  resumeExperiment: (id: string) => Promise<void>;
  stopExperiment: () => Promise<void>;
  deleteExperiment: (id: string) => Promise<void>;
  selectExperiment: (id: string | undefined) => void;
}

export const createExperimentSlice: StateCreator<ExperimentSlice, [], [], ExperimentSlice> = (set, get) => {
  let runner: ExperimentRunner | undefined;
  const patch = (p: Partial<ExperimentsState>) => set((s) => ({ experiments: { ...s.experiments, ...p } }));
  const upsert = (rec: ExperimentRecord) =>
    set((s) => {
      const list = s.experiments.list.some((e) => e.id === rec.id) ? s.experiments.list.map((e) => (e.id === rec.id ? rec : e)) : [rec, ...s.experiments.list];
      return { experiments: { ...s.experiments, list } };
    });

  const run = async (id: string) => {
    const services = get().services;
    if (!services || runner) return;
    patch({ runningId: id, selectedId: id, error: undefined, progress: undefined });
    runner = new ExperimentRunner({
      trainer: services.trainer(),
      evaluator: services.evaluator(),
      store: services.experiments,
      now: () => services.now(),
      onUpdate: upsert,
      onProgress: (progress) => patch({ progress }),
    });
    try {
      upsert(await runner.run(id));
    } catch (err) {
      patch({ error: serializeError(err) });
    } finally {
      runner = undefined;
      patch({ runningId: undefined, progress: undefined });
    }
  };

  return {
    experiments: { list: [] },
    attachServices: async (services) => {
      set({ services, experiments: { list: [] } });
      await get().refreshExperiments();
    },
    refreshExperiments: async () => {
      const services = get().services;
      if (!services) return;
      try {
        patch({ list: await services.listExperiments() });
      } catch (err) {
        patch({ error: serializeError(err) });
      }
    },
    startExperiment: async (spec) => {
      const services = get().services;
      if (!services) return;
      let rec: ExperimentRecord;
      try {
        rec = planExperiment(spec, services.newId(), services.now());
        await services.experiments.putExperiment(rec);
      } catch (err) {
        patch({ error: serializeError(err) });
        return;
      }
      upsert(rec);
      await run(rec.id);
    },
    resumeExperiment: (id) => run(id),
    stopExperiment: async () => {
      await runner?.stop();
    },
    deleteExperiment: async (id) => {
      const services = get().services;
      if (!services || get().experiments.runningId === id) return;
      try {
        await services.deleteExperiment(id);
        set((s) => ({ experiments: { ...s.experiments, list: s.experiments.list.filter((e) => e.id !== id), selectedId: s.experiments.selectedId === id ? undefined : s.experiments.selectedId } }));
      } catch (err) {
        patch({ error: serializeError(err) });
      }
    },
    selectExperiment: (id) => patch({ selectedId: id }),
  };
};

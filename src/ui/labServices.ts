// The page's LabServices: the dashboard's trainer when one is attached (else a trainer worker of
// our own), an eval worker, both created on first use, and the experiments and runs in IndexedDB.

import { groupFromRows } from '../classroom/tour';
import type { BackendPreference } from '../model/backendInfo';
import type { EvaluatorApi } from '../protocol/evaluator';
import type { TrainerApi } from '../protocol/trainer';
import { useAppStore } from '../store/app';
import { labDb } from '../store/db';
import { deleteExperiment, DexieExperimentStore, listExperiments } from '../store/experiments';
import type { LabServices } from '../store/labServices';
import { listRuns, runTrajectories } from '../store/runs';
import { createWorkerEvaluator } from '../trainer/workerEvaluator';
import { createWorkerTrainer } from '../trainer/workerTrainer';

export function browserLabServices(backend: BackendPreference): LabServices {
  const db = labDb();
  let trainer: TrainerApi | undefined;
  let evaluator: EvaluatorApi | undefined;
  return {
    trainer: () => (trainer ??= useAppStore.getState().run.trainer ?? createWorkerTrainer(backend).trainer),
    evaluator: () => (evaluator ??= createWorkerEvaluator(backend).evaluator),
    experiments: new DexieExperimentStore(db),
    listExperiments: () => listExperiments(db),
    deleteExperiment: (id) => deleteExperiment(db, id),
    listRuns: () => listRuns(db),
    latestGroup: async () => {
      for (const run of await listRuns(db)) {
        if (run.step < 1) continue;
        const group = groupFromRows(await runTrajectories(db, run.id, run.step), run.id);
        if (group) return group;
      }
      return undefined;
    },
    newId: () => `exp-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`,
    now: () => Date.now(),
  };
}

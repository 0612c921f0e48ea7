// The page's LabServices: the dashboard's trainer when one is attached (else a trainer worker of
// our own), an eval worker, both created on first use, and the experiments and runs in IndexedDB.

import { groupsByStep, instructiveness, isFullyInstructive, rowRewards } from '../classroom/instructive';
import { tourGroupFromRows } from '../classroom/tour';
import type { BackendPreference } from '../model/backendInfo';
import type { EvaluatorApi } from '../run/protocol/evaluator';
import type { TrainerApi } from '../run/protocol/trainer';
import { useAppStore } from '../store/app';
import { labDb, type TrajectoryRecordRow } from '../homes/storage/db';
import { deleteExperiment, DexieExperimentStore, listExperiments } from '../homes/storage/experiments';
import type { LabServices } from '../store/labServices';
import { listRuns, runTrajectories } from '../homes/storage/runs';
import { createWorkerEvaluator } from '../homes/evaluator/workerEvaluator';
import { createWorkerTrainer } from '../homes/trainer/workerTrainer';

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
      // The newest run with steps; its steps newest first until a fully instructive group turns up.
      for (const run of await listRuns(db)) {
        const rows: TrajectoryRecordRow[] = [];
        for (let step = run.step; step >= 1; step--) {
          const stepRows = await runTrajectories(db, run.id, step);
          rows.push(...stepRows);
          if (groupsByStep(stepRows).some((g) => isFullyInstructive(instructiveness(rowRewards(g))))) break;
        }
        const group = tourGroupFromRows(rows, run.id);
        if (group) return group;
      }
      return undefined;
    },
    newId: () => `exp-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`,
    now: () => Date.now(),
  };
}

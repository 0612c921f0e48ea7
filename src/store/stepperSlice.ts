// The rollout stepper's slice: which run → step → question (group) → trajectory → state s0…s3 is
// shown, the rows and the recovered (H, q) it needs, the group view's sort, and the diff's two steps.

import type { StateCreator } from 'zustand';
import type { Dataset } from '../env/types';
import type { SerializedError } from '../protocol/errors';
import type { Problem } from '../rl/problem';
import type { RunRecord } from '../run/runStore';
import { moveStage, type Stage } from '../run/stepper/explain';
import { stepsOfQuestion } from '../run/stepper/compare';
import type { SortKey } from '../run/stepper/group';
import { labDb, type LabDb, type TrajectoryRecordRow } from '../homes/storage/db';
import { loadingGuard } from './loadingGuard';
import { groupsByStep, isInstructive, mostInstructive, rowRewards } from '../classroom/instructive';
import { listRuns, runTrajectories } from '../homes/storage/runs';
import { datasetOfRun, problemOf } from '../homes/storage/runWorld';

export interface StepperState {
  /** The database read from (the page's own unless a test attaches another). */
  db?: LabDb;
  runs: RunRecord[];
  run?: RunRecord;
  step?: number;
  /** Every stored row of the chosen step, all groups. */
  stepRows: TrajectoryRecordRow[];
  group?: number;
  trajectory?: number;
  stage: Stage;
  /** The chosen group's (H, q) and gold, recovered from the run's dataset. */
  problem?: Problem;
  colourTokens: boolean;
  sortKey: SortKey;
  /** Every row of the run for the chosen question (the diff view's source) and the two steps compared. */
  questionRows: TrajectoryRecordRow[];
  diff?: { early: number; late: number };
  /**
   * The run's first instructive group (src/classroom/instructive.ts): the stepper opens there. null when the
   * run has none yet (every group's global rewards equal, or no local reward with spread); undefined before a run is chosen.
   */
  lesson?: { step: number; group: number } | null;
  loading: boolean;
  error?: SerializedError;
}

export interface StepperSlice {
  stepper: StepperState;
  attachStepperDb: (db: LabDb) => void;
  refreshStepperRuns: () => Promise<void>;
  selectStepperRun: (runId: string | undefined) => Promise<void>;
  selectStepperStep: (step: number) => Promise<void>;
  selectStepperGroup: (group: number) => Promise<void>;
  selectStepperTrajectory: (trajectory: number) => void;
  setStepperStage: (stage: Stage) => void;
  moveStepperStage: (delta: -1 | 1) => void;
  setColourTokens: (on: boolean) => void;
  setGroupSort: (key: SortKey) => void;
  setDiffSteps: (early: number, late: number) => void;
}

/** The first step (ascending) with an instructive group, and that group; null when the run has none. */
async function firstLesson(db: LabDb, run: RunRecord): Promise<{ step: number; group: number } | null> {
  for (let step = 1; step <= run.step; step++) {
    const groups = groupsByStep(await runTrajectories(db, run.id, step)).sort((a, b) => a[0].group - b[0].group);
    const best = mostInstructive(groups, rowRewards);
    if (best && isInstructive(best.how)) return { step, group: best.group[0].group };
  }
  return null;
}

const EMPTY: StepperState = { runs: [], stepRows: [], questionRows: [], stage: 0, colourTokens: false, sortKey: 'global', loading: false };

export const createStepperSlice: StateCreator<StepperSlice, [], [], StepperSlice> = (set, get) => {
  const patch = (p: Partial<StepperState>) => set((s) => ({ stepper: { ...s.stepper, ...p } }));
  const db = () => get().stepper.db ?? labDb();
  const datasets = new Map<string, Promise<Dataset>>();
  const datasetOf = (run: RunRecord) => {
    const key = JSON.stringify(run.setup.dataset);
    let ds = datasets.get(key);
    if (!ds) {
      ds = datasetOfRun(db(), run.setup.dataset);
      datasets.set(key, ds);
      ds.catch(() => datasets.delete(key));
    }
    return ds;
  };
  const guard = loadingGuard(patch);
  return {
    stepper: EMPTY,
    attachStepperDb: (d) => {
      datasets.clear();
      set({ stepper: { ...EMPTY, db: d } });
    },
    refreshStepperRuns: () =>
      guard(async () => {
        const runs = await listRuns(db());
        // The chosen run's record too, so a live run's new steps appear in the step picker.
        const chosen = get().stepper.run;
        patch({ runs, run: chosen && (runs.find((r) => r.id === chosen.id) ?? chosen) });
      }),
    selectStepperRun: (runId) =>
      guard(async () => {
        patch({ run: undefined, step: undefined, stepRows: [], group: undefined, trajectory: undefined, problem: undefined, questionRows: [], diff: undefined, stage: 0, lesson: undefined });
        if (runId === undefined) return;
        const run = await db().runs.get(runId);
        patch({ run });
        if (!run || run.step < 1) return;
        const lesson = await firstLesson(db(), run);
        patch({ lesson });
        await get().selectStepperStep(lesson?.step ?? 1);
      }),
    selectStepperStep: (step) =>
      guard(async () => {
        const run = get().stepper.run;
        if (!run) return;
        const stepRows = await runTrajectories(db(), run.id, step);
        patch({ step, stepRows, group: undefined, trajectory: undefined, problem: undefined, questionRows: [], diff: undefined });
        // The step's most instructive group (the lowest-numbered among equals).
        const best = mostInstructive(groupsByStep(stepRows).sort((a, b) => a[0].group - b[0].group), rowRewards);
        if (best) await get().selectStepperGroup(best.group[0].group);
      }),
    selectStepperGroup: (group) =>
      guard(async () => {
        const { run, stepRows } = get().stepper;
        const first = stepRows.find((r) => r.group === group);
        if (!run || !first) return;
        patch({ group, trajectory: 0, problem: undefined });
        const questionRows = await db()
          .trajectories.where('runId')
          .equals(run.id)
          .filter((r) => r.question_id === first.question_id)
          .toArray();
        const steps = stepsOfQuestion(questionRows, first.question_id);
        patch({ questionRows, diff: { early: steps[0] ?? first.step, late: steps.at(-1) ?? first.step } });
        patch({ problem: problemOf(await datasetOf(run), first.question_id) });
      }),
    selectStepperTrajectory: (trajectory) => patch({ trajectory }),
    setStepperStage: (stage) => patch({ stage }),
    moveStepperStage: (delta) => patch({ stage: moveStage(get().stepper.stage, delta) }),
    setColourTokens: (colourTokens) => patch({ colourTokens }),
    setGroupSort: (sortKey) => patch({ sortKey }),
    setDiffSteps: (early, late) => patch({ diff: { early, late } }),
  };
};

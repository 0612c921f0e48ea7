// What the experiments, evaluation and classroom panels need from outside the page's store: the
// trainer and evaluator (created lazily: workers in the page, scripted ones in tests) and the stores.

import type { TourGroup } from '../classroom/tour';
import type { ExperimentRecord } from '../experiments/plan';
import type { ExperimentStore } from '../experiments/runner';
import type { EvaluatorApi } from '../run/protocol/evaluator';
import type { TrainerApi } from '../run/protocol/trainer';
import type { RunRecord } from '../run/runStore';

export interface LabServices {
  /** The trainer experiments run through (created on first use). */
  trainer(): TrainerApi;
  /** The evaluator (created on first use). */
  evaluator(): EvaluatorApi;
  experiments: ExperimentStore;
  listExperiments(): Promise<ExperimentRecord[]>;
  deleteExperiment(id: string): Promise<void>;
  listRuns(): Promise<RunRecord[]>;
  /** A group of the newest stored run for the guided tour (undefined when none is stored). */
  latestGroup(): Promise<TourGroup | undefined>;
  newId(): string;
  now(): number;
}

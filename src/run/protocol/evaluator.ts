// The evaluator as the UI sees it: what to evaluate (a stored run's final adapters, the untrained
// team, or a no-training baseline), on which split, and the one call both homes implement.

import type { HistoryScope } from '../../env/mdp';
import type { BaselineName } from '../../rl/eval/baselines';
import type { EvalReport } from '../../rl/eval/evaluate';
import type { Phase } from '../../protocol/progress';
import type { RunSetup } from '../runSetup';

/** What is evaluated. A baseline and the untrained team take their model, world and prompts from a setup. */
export type EvalTarget =
  | { kind: 'run'; runId: string }
  | { kind: 'untrained'; setup: RunSetup }
  | { kind: 'baseline'; name: BaselineName; setup: RunSetup };

export interface EvalRequestOptions {
  split: 'train' | 'val';
  /** Only the first N questions of the split (omitted = all). */
  limit?: number;
  /** Which H each question is run on: "evidence" (its evidence session) or "full" (omitted = full, the paper's evaluation). */
  history?: HistoryScope;
}

export interface EvalProgress {
  phase: Phase;
  done: number;
  total: number;
  unit: string;
  label: string;
}

/** The report plus what it was computed on. */
export interface EvalResult {
  target: EvalTarget;
  report: EvalReport;
  /** For a run: the step of the adapters evaluated. */
  adapterStep?: number;
  wallMs: number;
}

export interface EvaluatorApi {
  evaluate(target: EvalTarget, options: EvalRequestOptions, onProgress?: (p: EvalProgress) => void): Promise<EvalResult>;
}

/** A short name for a target, for tables and progress labels. */
export function describeTarget(t: EvalTarget): string {
  switch (t.kind) {
    case 'run':
      return `run ${t.runId}`;
    case 'untrained':
      return 'untrained team';
    case 'baseline':
      return `baseline ${t.name}`;
    default: {
      const never: never = t;
      return never;
    }
  }
}

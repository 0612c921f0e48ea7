// An experiment: the credit modes to compare on one world and budget, over seeds, planned as one
// run per (seed, mode), each with its state, its stored run id and, once evaluated, its report.

import type { EvalReport } from '../rl/eval/evaluate';
import { copyConfig, type CreditMode } from '../rl/config';
import { validateSetup } from '../run/setup';
import type { RunSetup } from '../run/runSetup';
import { ExperimentSpecError } from './errors';

/** The credit modes a comparison offers: the paper's ablations (Table 4, Fig. 5). */
export const COMPARED_MODES = Object.freeze(['adaptive', 'local', 'global', 'equal', 'independent'] as const satisfies readonly CreditMode[]);
export type ComparedMode = (typeof COMPARED_MODES)[number];

export const MODE_LABELS: Readonly<Record<ComparedMode, string>> = Object.freeze({
  adaptive: 'adaptive (CoMAM)',
  local: 'local reward only',
  global: 'global reward only',
  equal: 'equal share (w = 1/3)',
  independent: 'independent training',
});

export interface ExperimentSpec {
  name: string;
  /** Every run's setup except credit mode and seed: the same world, model, prompts and budget. */
  base: RunSetup;
  modes: ComparedMode[];
  seeds: number[];
  /** Validation questions evaluated per run (omitted = the whole validation split). */
  evalLimit?: number;
}

/** planned → training (a run id exists) → trained (run done) → done (evaluated); or failed. */
export type PlannedRunState = 'planned' | 'training' | 'trained' | 'done' | 'failed';

export interface PlannedRun {
  /** `${mode}/seed-${seed}`, unique in its experiment. */
  key: string;
  mode: ComparedMode;
  seed: number;
  setup: RunSetup;
  state: PlannedRunState;
  runId?: string;
  message?: string;
  result?: EvalReport;
}

export interface ExperimentRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  spec: ExperimentSpec;
  runs: PlannedRun[];
}

export type ExperimentStatus = 'planned' | 'incomplete' | 'failed' | 'done';

/** Parse "1, 2,3" into seeds; anything else is an ExperimentSpecError naming the bad part. */
export function parseSeeds(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) throw new ExperimentSpecError('Give at least one seed, e.g. "1" or "1,2,3".', { field: 'seeds' });
  return parts.map((p) => {
    const n = Number(p);
    if (!/^-?\d+$/.test(p) || !Number.isSafeInteger(n)) throw new ExperimentSpecError(`Seed "${p}" is not a whole number; write seeds like "1,2,3".`, { field: 'seeds' });
    return n;
  });
}

/** Check a spec; the first problem is an ExperimentSpecError whose message says how to fix it. */
export function validateSpec(spec: ExperimentSpec): void {
  if (spec.name.trim() === '') throw new ExperimentSpecError('Give the experiment a name.', { field: 'name' });
  if (spec.modes.length === 0) throw new ExperimentSpecError('Pick at least one credit mode to compare (two or more make a comparison).', { field: 'modes' });
  for (const m of spec.modes) {
    if (!(COMPARED_MODES as readonly string[]).includes(m)) throw new ExperimentSpecError(`Unknown credit mode "${String(m)}"; use ${COMPARED_MODES.join(', ')}.`, { field: 'modes' });
  }
  if (new Set(spec.modes).size !== spec.modes.length) throw new ExperimentSpecError('Each credit mode may appear only once.', { field: 'modes' });
  if (spec.seeds.length === 0) throw new ExperimentSpecError('Give at least one seed, e.g. "1" or "1,2,3".', { field: 'seeds' });
  if (spec.seeds.some((s) => !Number.isSafeInteger(s))) throw new ExperimentSpecError('Seeds must be whole numbers.', { field: 'seeds' });
  if (new Set(spec.seeds).size !== spec.seeds.length) throw new ExperimentSpecError('Each seed may appear only once (repeating a seed repeats the same run).', { field: 'seeds' });
  if (!Number.isInteger(spec.base.steps) || spec.base.steps < 1) {
    throw new ExperimentSpecError(`Every run of a comparison needs a fixed budget: set steps to a whole number ≥ 1 (got ${spec.base.steps}).`, { field: 'steps' });
  }
  if (spec.evalLimit !== undefined && (!Number.isInteger(spec.evalLimit) || spec.evalLimit < 1)) {
    throw new ExperimentSpecError(`Questions to evaluate must be a whole number ≥ 1, or empty for the whole validation split (got ${spec.evalLimit}).`, { field: 'evalLimit' });
  }
  // The run's one validator (run/setup.ts), as the page's Start and the CLI use it.
  const problems = validateSetup(spec.base);
  if (problems.length > 0) {
    throw new ExperimentSpecError(`The base setup is invalid: ${problems.map((p) => `"${p.field}": ${p.message}`).join(' ')}`, { field: problems[0].field.split('.')[0] });
  }
}

/** The setup of one run: the base with this credit mode and seed. */
export function runSetupFor(base: RunSetup, mode: ComparedMode, seed: number): RunSetup {
  return { ...base, seed, rl: { ...copyConfig(base.rl), credit_mode: mode } };
}

/**
 * Plan one run per (seed, mode), seed by seed so that every mode has a result early.
 * Example: modes [adaptive, independent], seeds [1, 2] → adaptive/seed-1, independent/seed-1, adaptive/seed-2, independent/seed-2.
 */
export function planExperiment(spec: ExperimentSpec, id: string, now: number): ExperimentRecord {
  validateSpec(spec);
  const runs: PlannedRun[] = [];
  for (const seed of spec.seeds) {
    for (const mode of spec.modes) runs.push({ key: `${mode}/seed-${seed}`, mode, seed, setup: runSetupFor(spec.base, mode, seed), state: 'planned' });
  }
  return { id, name: spec.name.trim(), createdAt: now, updatedAt: now, spec, runs };
}

export function experimentStatus(e: Pick<ExperimentRecord, 'runs'>): ExperimentStatus {
  if (e.runs.every((r) => r.state === 'done')) return 'done';
  if (e.runs.some((r) => r.state === 'failed')) return 'failed';
  if (e.runs.every((r) => r.state === 'planned')) return 'planned';
  return 'incomplete';
}

/** Runs still to train or evaluate, in plan order (a failed one is retried). */
export function pendingRuns(e: Pick<ExperimentRecord, 'runs'>): PlannedRun[] {
  return e.runs.filter((r) => r.state !== 'done');
}

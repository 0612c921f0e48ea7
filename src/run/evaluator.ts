// The evaluator's in-process home (tests, the eval worker): loads the model once per base, a run's
// stored adapters or none, and reports accuracy overall and per question type with progress.

import { defaultTemplates } from '../agents/registry';
import { AGENT_NAMES, perAgent, type PerAgent } from '../agents/names';
import { HISTORY_SCOPES } from '../env/mdp';
import type { Dataset } from '../env/types';
import { memoryFiles } from '../model/sources/memory';
import { describeTarget, type EvalProgress, type EvalRequestOptions, type EvalResult, type EvalTarget, type EvaluatorApi } from './protocol/evaluator';
import type { DatasetRef } from '../env/datasetRef';
import type { ModelRef, Precision } from '../model/modelRef';
import type { RunSetup } from './runSetup';
import { chunkSettings } from '../rl/chunkedExtraction';
import { templatesWithText } from '../rl/rollout';
import type { ProgressFn } from '../protocol/progress';
import type { LoadedModel } from './training/deps';
import { EvalOptionsError, EvalTargetError } from '../rl/eval/errors';
import { evaluateBaseline, evaluateTeam, type EvalOptions, type EvalReport } from '../rl/eval/evaluate';

export interface StoredRunForEval {
  setup: RunSetup;
  /** The run's latest adapters as PEFT files, absent before its first checkpoint. */
  adapters?: { step: number; files: PerAgent<Record<string, Uint8Array>> };
}

export interface EvaluatorDeps {
  /** The base at the precision the run was trained on (RunSetup.precision), so a run is evaluated on the weights it learned on. */
  loadModel(ref: ModelRef, progress: ProgressFn, precision: Precision): Promise<LoadedModel>;
  loadDataset(ref: DatasetRef): Promise<Dataset>;
  loadRun(runId: string): Promise<StoredRunForEval | undefined>;
  now?: () => number;
}

/** Check split and limit; a bad one is an EvalOptionsError naming the option. */
export function checkEvalOptions(o: EvalRequestOptions): void {
  if (o.split !== 'val' && o.split !== 'train') throw new EvalOptionsError(`Evaluation split must be "val" or "train", got ${JSON.stringify(o.split)}.`, { field: 'split' });
  if (o.limit !== undefined && (!Number.isInteger(o.limit) || o.limit < 1)) {
    throw new EvalOptionsError(`Evaluation limit must be a whole number ≥ 1 (or left empty for the whole split), got ${String(o.limit)}.`, { field: 'limit' });
  }
  if (o.history !== undefined && !(HISTORY_SCOPES as readonly string[]).includes(o.history)) {
    throw new EvalOptionsError(`Evaluation history must be ${HISTORY_SCOPES.map((h) => `"${h}"`).join(' or ')}, got ${JSON.stringify(o.history)}.`, { field: 'history' });
  }
}

export class InProcessEvaluator implements EvaluatorApi {
  private loaded: { key: string; model: LoadedModel } | undefined;

  constructor(private readonly deps: EvaluatorDeps) {}

  private async model(ref: ModelRef, precision: Precision, progress: ProgressFn): Promise<LoadedModel> {
    const key = JSON.stringify({ ref, precision });
    if (this.loaded?.key === key) return this.loaded.model;
    this.dispose();
    const model = await this.deps.loadModel(ref, progress, precision);
    this.loaded = { key, model };
    return model;
  }

  async evaluate(target: EvalTarget, options: EvalRequestOptions, onProgress: (p: EvalProgress) => void = () => undefined): Promise<EvalResult> {
    checkEvalOptions(options);
    const started = this.deps.now?.() ?? Date.now();
    const progress: ProgressFn = (phase, done, total, unit, label) => onProgress({ phase, done, total, unit, label });
    const name = describeTarget(target);
    let setup: RunSetup;
    let adapters: StoredRunForEval['adapters'];
    if (target.kind === 'run') {
      const run = await this.deps.loadRun(target.runId);
      if (!run) throw new EvalTargetError(`No run "${target.runId}" is stored; pick one from the run list.`, { runId: target.runId });
      if (!run.adapters) throw new EvalTargetError(`Run "${target.runId}" has no saved adapters yet (none before its first checkpoint); train it at least to a checkpoint.`, { runId: target.runId });
      setup = run.setup;
      adapters = run.adapters;
    } else {
      setup = target.setup;
    }
    const model = await this.model(setup.model, setup.precision, progress);
    const dataset = await this.deps.loadDataset(setup.dataset);
    let last = { done: 0, total: options.limit ?? dataset.split[options.split].length };
    const o: EvalOptions = {
      split: options.split,
      temperature: 0,
      maxTokens: setup.rl.max_completion_length,
      maxPromptTokens: setup.maxPromptTokens,
      limit: options.limit,
      answerFormat: setup.rl.answer_format,
      history: options.history ?? 'full',
      chunks: chunkSettings(setup.rl),
      matchThreshold: setup.rl.match_threshold,
      seed: setup.seed,
      onProgress: (done, total) => {
        last = { done, total };
        progress('eval', done, total, 'questions', `evaluating ${name}: ${done} of ${total} questions`);
      },
      onStage: (label) => progress('eval', last.done, last.total, 'questions', `evaluating ${name}: ${last.done} of ${last.total} questions; ${label}`),
    };
    progress('eval', 0, 1, 'questions', `evaluating ${name}`);
    let report: EvalReport;
    if (target.kind === 'baseline') {
      const template = templatesWithText(defaultTemplates(setup.rl.answer_format), setup.prompts).retriever;
      report = await evaluateBaseline(model.engine, model.codec, dataset, target.name, template, o);
    } else if (adapters) {
      const names = perAgent((n) => `eval-${n}`);
      try {
        for (const n of AGENT_NAMES) await model.engine.loadAdapter(names[n], memoryFiles(`${target.kind === 'run' ? target.runId : 'run'}/${n}`, adapters.files[n]));
        report = await evaluateTeam(model.engine, model.codec, dataset, names, setup.prompts, o);
      } finally {
        // Free them (and their variable names) so the next run's adapters load under the same names.
        for (const n of AGENT_NAMES) if (model.engine.adapterNames().includes(names[n])) model.engine.removeAdapter(names[n]);
      }
    } else {
      report = await evaluateTeam(model.engine, model.codec, dataset, perAgent(() => null), setup.prompts, o);
    }
    return { target, report, ...(adapters ? { adapterStep: adapters.step } : {}), wallMs: (this.deps.now?.() ?? Date.now()) - started };
  }

  /** Free the loaded model. */
  dispose(): void {
    this.loaded?.model.engine.dispose();
    this.loaded = undefined;
  }
}

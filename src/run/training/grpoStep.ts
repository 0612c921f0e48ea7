// One GRPO step of the team (Algorithm 1's inner loop): take the next questions, sample G trajectories
// each, score local and global rewards, share the global reward by credit, turn it into advantages, and
// update each trained agent's adapter with its own GRPO loss.

import type { Tensor } from '@tensorflow/tfjs-core';
import { AGENTS, defaultTemplates } from '../../agents/registry';
import { AGENT_NAMES, perAgent, type AgentName, type PerAgent } from '../../agents/names';
import type { Dataset } from '../../env/types';
import type { Judge } from '../../judge/judge';
import type { Engine } from '../../model/engine';
import { gpuPhase } from '../../model/webgpu/gpuErrors';
import type { Rng } from '../../model/rng';
import { OPTIM_DEFAULTS, type OptimSetup } from '../../rl/optim/optimSetup';
import type { ProgressFn } from '../../protocol/progress';
import type { RunSetup } from '../runSetup';
import { totalNanRewards } from '../../rl/advantages';
import type { PromptCodec } from '../../rl/codec';
import { epsilonHigh, trainedAgents, type CreditMode } from '../../rl/config';
import { scoreTrajectory, type TrajectoryRewards } from '../../rl/rewards';
import { chunkSettings } from '../../rl/chunkedExtraction';
import { sampleTeam, templatesWithText, type AgentSample, type TeamTrajectory } from '../../rl/rollout';
import { stepCredit } from '../../rl/stepCredit';
import type { AdamW } from '../../rl/optim/adamw';
import { takeNext, type DataCursor } from './dataOrder';
import type { Problem } from '../../rl/problem';
import { memoryItems, trajectoryRows, type MemoryItem, type Stat, type StepMetrics, type TrajectoryRow } from '../records';
import { learningRateAt } from '../../rl/optim/schedule';
import { updateAgent, type UpdateResult, type UpdateRow } from '../../rl/optim/update';

/**
 * An agent's calls in one trajectory: the chunked Extractor's one per chunk (MemAgent trains every
 * chunk's call on the trajectory's final reward), any other agent's one.
 */
export function calls(t: TeamTrajectory, agent: AgentName): AgentSample[] {
  return agent === 'extractor' && t.extractorChunks ? t.extractorChunks.map((c) => c.sample) : [t.agents[agent]];
}

/**
 * The sequences an agent's update trains on: every call of the agent in every trajectory, each with its
 * trajectory's advantage `advantages[group][index]`. A chunked Extractor's chunks all share it, as
 * MemAgent's multi-conversation GRPO gives every chunk's call the trajectory's final reward.
 */
export function updateRows(teams: readonly (readonly TeamTrajectory[])[], agent: AgentName, advantages: readonly (readonly number[])[]): UpdateRow[] {
  return teams.flatMap((team, q) =>
    team.flatMap((t) =>
      calls(t, agent).map((s) => ({ promptIds: s.promptIds, completionIds: s.completionIds, oldLogprobs: s.logprobs, advantage: advantages[q][t.index] })),
    ),
  );
}

export interface StepOutput {
  metrics: StepMetrics;
  trajectories: TrajectoryRow[];
  memoryItems: MemoryItem[];
  /** Human-readable notes: skipped updates, NaN rewards. */
  notes: string[];
}

/** Fault injection for tests: change rewards or gradients of a step. */
export interface SessionHooks {
  rewards?: (step: number, rewards: TrajectoryRewards[][]) => void;
  gradients?: (step: number, agent: AgentName, grads: Record<string, Tensor>) => Record<string, Tensor>;
}

/** What a step works with: the model, the data, the judge, the setup, and the live adapters, optimizers and RNG. */
export interface StepInput {
  engine: Engine;
  codec: PromptCodec;
  dataset: Dataset;
  judge: Judge;
  setup: RunSetup;
  hooks?: SessionHooks;
  /** The engine's adapter name of each agent. */
  adapters: PerAgent<string>;
  optimizers: PerAgent<AdamW>;
  rng: Rng;
  /** The training problem of a question id. */
  problem: (id: string) => Problem;
}

/** Where the run stands before the step: steps completed and the data cursor. */
export interface StepPosition {
  completed: number;
  cursor: DataCursor;
}

/** The optimizer settings of a setup, omitted fields at their defaults. */
export function optimSettings(setup: Pick<RunSetup, 'optim'>): OptimSetup {
  return { ...OPTIM_DEFAULTS, ...setup.optim };
}

function stat(xs: readonly number[]): Stat {
  const f = xs.filter(Number.isFinite);
  if (f.length === 0) return { mean: 0, min: 0, max: 0 };
  return { mean: f.reduce((a, b) => a + b, 0) / f.length, min: Math.min(...f), max: Math.max(...f) };
}

/**
 * The adapter each agent samples under in a step: its own, except in "independent" mode, where the
 * agents not trained this step sample with their frozen initial policy. A fresh LoRA adapter has B = 0
 * (ΔW = 0), so that policy is the base with the adapter off (null).
 */
export function rolloutAdapters(mode: CreditMode, adapters: PerAgent<string>, trained: readonly AgentName[]): PerAgent<string | null> {
  return perAgent((n) => (mode !== 'independent' || trained.includes(n) ? adapters[n] : null));
}

/**
 * Run step `at.completed + 1` (sample → score → credit → advantages → updates) and return what it produced
 * and the data cursor after it; the caller advances its position only when the step returns.
 */
export async function grpoStep(input: StepInput, at: StepPosition, progress: ProgressFn): Promise<StepOutput & { cursor: DataCursor }> {
  const t0 = Date.now();
  const { engine, codec, setup, judge, dataset, adapters, optimizers, rng, hooks, problem } = input;
  const rl = setup.rl;
  const optim = optimSettings(setup);
  const g = rl.num_generations;
  const step = at.completed + 1;
  const next = takeNext(dataset.split.train, setup.seed, at.cursor, setup.questionsPerStep);
  const problems = next.ids.map((id) => problem(id));

  // A frozen control (RunSetup.frozenControl) samples and scores as a training step does and updates no adapter.
  const trained = setup.frozenControl === true ? [] : trainedAgents(rl, step);
  const sampleStart = Date.now();
  const teams = await gpuPhase(`sampling step ${step}`, () => sampleTeam(
    engine,
    codec,
    { templates: templatesWithText(defaultTemplates(rl.answer_format), setup.prompts), adapters: rolloutAdapters(rl.credit_mode, adapters, trained) },
    problems.map((p) => ({ history: p.history, question: p.question })),
    {
      groupSize: g,
      temperature: rl.temperature,
      topP: rl.top_p,
      maxTokens: rl.max_completion_length,
      maxPromptTokens: setup.maxPromptTokens,
      answerFormat: rl.answer_format,
      chunks: chunkSettings(rl),
      // One pass per step (TRL's num_iterations 1): the ratio is taken against the update's own log-probs,
      // so the recorded ones (the stepper's, the entropy metric's) need no forward pass of their own.
      logprobSource: rl.num_iterations > 1 ? 'forward' : 'sampling',
    },
    rng,
    (p) => progress('sample', p.done, p.total, 'completions', p.label),
  ));
  const sampleMs = Date.now() - sampleStart;
  const sampledTokens = teams.flat().reduce((a, t) => a + AGENT_NAMES.reduce((b, n) => b + calls(t, n).reduce((c, s) => c + s.completionIds.length, 0), 0), 0);

  // Scoring is a GPU phase too when the judge is the frozen base.
  const rewards = await gpuPhase(`scoring step ${step}`, async () => {
    const all: TrajectoryRewards[][] = [];
    let scored = 0;
    for (const [q, team] of teams.entries()) {
      const group: TrajectoryRewards[] = [];
      for (const t of team) {
        // Chunked: M_f is the capped memory after the last chunk, not a parse of that call's text alone.
        const extracted = t.extractorChunks ? { lines: t.parsed.extractor, formatOk: t.formatOk.extractor } : undefined;
        group.push(await scoreTrajectory(perAgent((n) => t.agents[n].text), problems[q].gold, rl, judge, extracted));
        scored += 1;
        progress('score', scored, teams.length * g, 'trajectories', `scoring trajectory ${t.index + 1} of ${g}`);
      }
      all.push(group);
    }
    return all;
  });
  hooks?.rewards?.(step, rewards);

  const { credits, advantages: adv } = stepCredit(rewards, rl);

  const lr = learningRateAt(at.completed, setup.steps, rl.learning_rate, { type: optim.lr_scheduler_type, warmupSteps: optim.warmup_steps });
  const updates: Partial<PerAgent<UpdateResult>> = {};
  const notes: string[] = [];
  const nan = totalNanRewards(adv);
  if (nan > 0) notes.push(`step ${step}: ${nan} non-finite reward(s) got advantage 0`);
  for (const [k, n] of trained.entries()) {
    progress('update', k, trained.length, 'agents', `updating ${AGENTS[n].title} (${k + 1} of ${trained.length})`);
    const rows = updateRows(teams, n, adv[n].advantages);
    const result = await updateAgent(engine, adapters[n], optimizers[n], rows, {
      grpo: {
        beta: rl.beta,
        epsilonLow: rl.epsilon,
        epsilonHigh: epsilonHigh(rl),
        lossType: rl.loss_type,
        maxCompletionLength: rl.max_completion_length,
        numIterations: rl.num_iterations,
      },
      temperature: rl.temperature,
      learningRate: lr * rl.learning_rate_scale[n],
      maxGradNorm: optim.max_grad_norm,
      onGradients: hooks?.gradients ? (grads) => hooks.gradients?.(step, n, grads) ?? grads : undefined,
      // A chunked Extractor has a row per chunk call: run them as many at a time as the step has trajectories.
      microBatch: teams.length * g,
    });
    updates[n] = result;
    if (result.skipped) notes.push(`step ${step}: ${AGENTS[n].title} update skipped: ${result.reason ?? 'non-finite'}; its adapter keeps its last good weights`);
  }
  progress('update', trained.length, trained.length, 'agents', trained.length === 0 ? 'no updates: a frozen control' : 'updates done');

  const trajectories = trajectoryRows(step, problems, teams, rewards, credits, adv, codec, judge.name);
  const metrics: StepMetrics = {
    step,
    local: perAgent((n) => stat(rewards.flat().map((r) => r.local[n]))),
    global: stat(rewards.flat().map((r) => r.global)),
    weights: perAgent((n) => credits.reduce((a, c) => a + c.weights[n], 0) / credits.length),
    loss: perAgent((n) => updates[n]?.loss ?? 0),
    kl: perAgent((n) => updates[n]?.kl ?? 0),
    entropy: perAgent((n) => updates[n]?.entropy ?? 0),
    gradNorm: perAgent((n) => updates[n]?.gradNorm ?? 0),
    tokensPerSec: sampleMs > 0 ? (sampledTokens * 1000) / sampleMs : 0,
    zeroSpreadFraction: AGENT_NAMES.reduce((a, n) => a + adv[n].zeroSpreadGroups, 0) / (AGENT_NAMES.length * credits.length),
    nanRewards: nan,
    skippedUpdates: trained.filter((n) => updates[n]?.skipped === true),
    wallMs: Date.now() - t0,
  };
  return { metrics, trajectories, memoryItems: memoryItems(step, problems, teams), notes, cursor: next.cursor };
}

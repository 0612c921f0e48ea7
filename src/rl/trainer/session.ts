// One training run's live state and its step: sample the team, score, credit, advantages, and each
// trained agent's GRPO update on its own adapter; plus the checkpoint state that restores it exactly.

import * as tf from '@tensorflow/tfjs-core';
import { AGENTS, defaultTemplates } from '../../agents/registry';
import { AGENT_NAMES, perAgent, type AgentName, type PerAgent } from '../../agents/names';
import type { Dataset } from '../../env/types';
import type { Judge } from '../../judge/judge';
import type { Engine } from '../../model/engine';
import { parseTargets } from '../../model/lora';
import { gpuPhase } from '../../model/webgpu/gpuErrors';
import { Rng, type RngState } from '../../model/rng';
import { OPTIM_DEFAULTS, type OptimSetup, type Phase, type RunSetup, type Stat, type StepMetrics } from '../../protocol/trainer';
import { agentAdvantages, totalNanRewards } from '../advantages';
import type { PromptCodec } from '../codec';
import { epsilonHigh, trainedAgents, type CreditMode } from '../config';
import { assignCredit, type CreditResult } from '../credit';
import { scoreTrajectory, type TrajectoryRewards } from '../rewards';
import { chunkSettings, type ExtractorChunk } from '../chunkedExtraction';
import { extractorPrompt, sampleTeam, templatesWithText, type AgentSample, type TeamTrajectory } from '../rollout';
import { coldStartSft } from '../sft';
import { byAgent, teacherDemos } from '../teacherDemos';
import { AdamW, ADAMW_DEFAULTS, type AdamWState } from './adamw';
import { takeNext, type DataCursor } from './dataOrder';
import { TrainerSetupError } from './errors';
import { problemsOf, type Problem } from './problem';
import { learningRateAt } from './schedule';
import { updateAgent, type UpdateResult, type UpdateRow } from './update';


/** Cold-start SFT: training questions its demonstrations come from, demonstrations per step, longest sequence (at least). */
const COLD_START_QUESTIONS = 64;
const COLD_START_BATCH = 2;
const COLD_START_MAX_TOKENS = 1024;

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

/** The adapter name of each agent inside the engine (tfjs variable names are global, so a second session in one process takes a prefix). */
export function adapterNames(prefix = ''): PerAgent<string> {
  return perAgent((n) => `${prefix}${n}`);
}

/** One line of trajectories.jsonl / one row of the trajectories store. */
export interface TrajectoryRow {
  step: number;
  question_id: string;
  persona_id: string;
  question_type: string;
  /** Index of the group within the step. */
  group: number;
  /** Index of the trajectory within its group. */
  trajectory: number;
  local: PerAgent<number>;
  global: number;
  ndcg: PerAgent<number>;
  weights: PerAgent<number>;
  integrated: PerAgent<number>;
  advantage: PerAgent<number>;
  rank: PerAgent<number> & { global: number };
  format_ok: PerAgent<boolean>;
  /** The three agents' output texts. */
  outputs: PerAgent<string>;
  /** Per-token log-probs of each agent's completion at sampling time. */
  logprobs: PerAgent<number[]>;
  /** The option chosen (0–3) or null. */
  choice: number | null;
  /** Each agent's completion as one text piece per sampled token (aligned with `logprobs`); absent in rows stored before schema v3. */
  tokens?: PerAgent<string[]>;
  /** The judge's verdict on the profile (r1 = score), with its rubric parts and explanation; absent before schema v3. */
  judge?: StoredVerdict;
  /** How many of the most recent turns of H the Extractor saw (fewer when maxPromptTokens dropped old ones); absent before schema v3. */
  history_turns?: number;
  /**
   * Chunked extraction only (rl.chunk_tokens set): the Extractor's calls in order. `outputs.extractor`,
   * `logprobs.extractor` and `tokens.extractor` are the last call's; its `memory` is the M_f scored.
   */
  extractor_chunks?: ExtractorChunkRow[];
}

/** One chunk call of the Extractor as a trajectory row stores it. */
export interface ExtractorChunkRow {
  /** 0-based position of the chunk in H. */
  index: number;
  /** First and last turn of H (0-based) the chunk shows. */
  first_turn: number;
  last_turn: number;
  /** Tokens of the chunk's history (≤ chunk_tokens). */
  input_tokens: number;
  /** Tokens of the memory carried into the call (≤ memory_tokens). */
  memory_in_tokens: number;
  /** Tokens of M_f after the call, capped (≤ memory_tokens). */
  memory_tokens: number;
  /** Memory lines the call wrote that the cap cut or dropped. */
  dropped_lines: number;
  prompt_tokens: number;
  completion_tokens: number;
  format_ok: boolean;
  /** The call's output. */
  text: string;
  /** M_f after the call (the capped lines). */
  memory: string[];
}

/** A trajectory's chunk calls as stored rows. */
export function chunkRows(chunks: readonly ExtractorChunk[]): ExtractorChunkRow[] {
  return chunks.map((c) => ({
    index: c.index,
    first_turn: c.first,
    last_turn: c.last,
    input_tokens: c.inputTokens,
    memory_in_tokens: c.memoryInTokens,
    memory_tokens: c.memoryTokens,
    dropped_lines: c.dropped,
    prompt_tokens: c.sample.promptIds.length,
    completion_tokens: c.sample.completionIds.length,
    format_ok: c.formatOk,
    text: c.sample.text,
    memory: [...c.memory],
  }));
}

/** A JudgeVerdict as stored with its trajectory, with the judge's name. */
export interface StoredVerdict {
  name: string;
  score: number;
  parts: Record<string, number>;
  explanation: string;
}

/** A memory item with provenance: an M_f line or an M_c profile written by one trajectory. */
export interface MemoryItem {
  step: number;
  questionId: string;
  personaId: string;
  group: number;
  trajectory: number;
  agent: Extract<AgentName, 'extractor' | 'profiler'>;
  kind: 'fine' | 'coarse';
  text: string;
}

/** What the cold-start SFT did: each agent's loss per SFT step, and the notes stored with step 1. */
export interface ColdStartReport {
  losses: PerAgent<number[]>;
  notes: string[];
}

export interface StepOutput {
  metrics: StepMetrics;
  trajectories: TrajectoryRow[];
  memoryItems: MemoryItem[];
  /** Human-readable notes: skipped updates, NaN rewards. */
  notes: string[];
}

/** Everything that restores a session exactly (adapters, optimizers, RNG, data cursor). */
export interface SessionState {
  /** Steps completed. */
  step: number;
  /** Each agent's LoRA variables' values, in the adapter's variable order. */
  adapters: PerAgent<number[][]>;
  optimizers: PerAgent<AdamWState>;
  rng: RngState;
  cursor: DataCursor;
}

/** Fault injection for tests: change rewards or gradients of a step. */
export interface SessionHooks {
  rewards?: (step: number, rewards: TrajectoryRewards[][]) => void;
  gradients?: (step: number, agent: AgentName, grads: Record<string, tf.Tensor>) => Record<string, tf.Tensor>;
}

export interface SessionDeps {
  engine: Engine;
  codec: PromptCodec;
  dataset: Dataset;
  judge: Judge;
  setup: RunSetup;
  hooks?: SessionHooks;
  /** Prefix of the engine's adapter names (default none: "extractor", "profiler", "retriever"). */
  adapterPrefix?: string;
}

export type ProgressFn = (phase: Phase, done: number, total: number, unit: string, label: string) => void;

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

export class TrainingSession {
  private readonly optimizers: PerAgent<AdamW>;
  private readonly rng: Rng;
  private cursor: DataCursor = { epoch: 0, offset: 0 };
  private completed = 0;
  private readonly problem: (id: string) => Problem;
  readonly adapters: PerAgent<string>;

  constructor(private readonly deps: SessionDeps) {
    const { engine, setup, dataset } = deps;
    if (dataset.split.train.length === 0) throw new TrainerSetupError(`Dataset "${dataset.id}" has no training questions; generate a bigger world or change the split.`, { field: 'dataset' });
    this.adapters = adapterNames(deps.adapterPrefix);
    const spec = { rank: setup.lora.r, alpha: setup.lora.alpha, targets: parseTargets(setup.lora.targets) };
    AGENT_NAMES.forEach((n, k) => engine.createAdapter(this.adapters[n], spec, (setup.seed * 31 + k + 1) >>> 0));
    const o = this.optim;
    this.optimizers = perAgent((n) => new AdamW(engine.adapter(this.adapters[n]).variables(), { ...ADAMW_DEFAULTS, weightDecay: o.weight_decay }));
    this.rng = new Rng(setup.seed);
    const problems = problemsOf(dataset);
    this.problem = (id) => problems(id, 'train');
  }

  get step(): number {
    return this.completed;
  }

  /**
   * Cold-start SFT (setup.coldStart) of the three adapters on teacher demonstrations built from the
   * training questions (at most COLD_START_QUESTIONS of them, in the run's data order), before step 1.
   * Reports "cold-start SFT k of n" progress; returns each agent's per-step losses and one note per agent.
   */
  async coldStart(progress: ProgressFn = () => undefined): Promise<ColdStartReport> {
    const { engine, codec, setup, dataset } = this.deps;
    const cs = setup.coldStart;
    const losses = perAgent((): number[] => []);
    if (!cs) return { losses, notes: [] };
    const ids = takeNext(dataset.split.train, setup.seed, { epoch: 0, offset: 0 }, Math.min(COLD_START_QUESTIONS, dataset.split.train.length)).ids;
    const templates = templatesWithText(defaultTemplates(setup.rl.answer_format), setup.prompts);
    // The Extractor's demonstrations see the history the rollout will show it (cut to maxPromptTokens).
    const items = ids.map((id) => {
      const p = this.problem(id);
      const turns = extractorPrompt(templates.extractor, p.history, codec, setup.maxPromptTokens).turns;
      return { history: p.history.slice(p.history.length - turns), question: p.question };
    });
    const maxSequence = Math.min(Math.max(COLD_START_MAX_TOKENS, (setup.maxPromptTokens ?? 0) + setup.rl.max_completion_length), engine.config.maxPositionEmbeddings);
    // The Profiler's and Retriever's demonstrations drop their oldest memory lines to fit, as the rollout does.
    const fits = (_agent: string, prompt: string, completion: string) => codec.encode(prompt).length + codec.encodeText(completion).length + 1 <= maxSequence;
    const demos = byAgent(teacherDemos(items, templates, new Rng(setup.seed ^ 0x5f7), fits, setup.rl.answer_format));
    const total = cs.steps * AGENT_NAMES.length;
    progress('cold-start', 0, total, 'SFT steps', `cold-start SFT 0 of ${total}`);
    const spec = { rank: setup.lora.r, alpha: setup.lora.alpha, targets: parseTargets(setup.lora.targets) };
    const report = await gpuPhase('the cold-start SFT', () =>
      coldStartSft(engine, codec, demos, this.adapters, { steps: cs.steps, batchSize: COLD_START_BATCH, learningRate: cs.lr, lora: spec, seed: setup.seed, maxSequence }, (p) => {
        losses[p.agent].push(p.loss);
        const done = AGENT_NAMES.indexOf(p.agent) * cs.steps + p.step;
        progress('cold-start', done, total, 'SFT steps', `cold-start SFT ${done} of ${total} (${AGENTS[p.agent].title}, loss ${p.loss.toFixed(3)})`);
      }),
    );
    const notes = AGENT_NAMES.flatMap((n) => {
      const r = report[n];
      if (!r) return [];
      return [`cold-start SFT ${AGENTS[n].title}: ${cs.steps} steps on ${r.demos} demonstrations (${r.skipped} too long), loss ${r.firstLoss.toFixed(3)} → ${r.lastLoss.toFixed(3)}; per step ${losses[n].map((l) => l.toFixed(3)).join(' ')}`];
    });
    return { losses, notes };
  }

  get optim(): OptimSetup {
    return { ...OPTIM_DEFAULTS, ...this.deps.setup.optim };
  }

  /** Run one step (sample → score → credit → advantages → updates) and return what it produced. */
  async runStep(progress: ProgressFn = () => undefined): Promise<StepOutput> {
    const t0 = Date.now();
    const { engine, codec, setup, judge } = this.deps;
    const rl = setup.rl;
    const g = rl.num_generations;
    const step = this.completed + 1;
    const next = takeNext(this.deps.dataset.split.train, setup.seed, this.cursor, setup.questionsPerStep);
    const problems = next.ids.map((id) => this.problem(id));

    const trained = trainedAgents(rl, step);
    const sampleStart = Date.now();
    const teams = await gpuPhase(`sampling step ${step}`, () => sampleTeam(
      engine,
      codec,
      { templates: templatesWithText(defaultTemplates(rl.answer_format), setup.prompts), adapters: rolloutAdapters(rl.credit_mode, this.adapters, trained) },
      problems.map((p) => ({ history: p.history, question: p.question })),
      { groupSize: g, temperature: rl.temperature, topP: rl.top_p, maxTokens: rl.max_completion_length, maxPromptTokens: setup.maxPromptTokens, answerFormat: rl.answer_format, chunks: chunkSettings(rl) },
      this.rng,
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
    this.deps.hooks?.rewards?.(step, rewards);

    const credits: CreditResult[] = rewards.map((group) =>
      assignCredit(
        { local: perAgent((n) => group.map((r) => r.local[n])), global: group.map((r) => r.global) },
        { mode: rl.credit_mode, creditTemperature: rl.credit_temperature, fixedWeights: rl.fixed_weights, ties: rl.ndcg_ties },
      ),
    );
    const adv = agentAdvantages(
      credits.map((c) => c.integrated),
      rl.scale_rewards,
    );

    const lr = learningRateAt(this.completed, setup.steps, rl.learning_rate, { type: this.optim.lr_scheduler_type, warmupSteps: this.optim.warmup_steps });
    const updates: Partial<PerAgent<UpdateResult>> = {};
    const notes: string[] = [];
    const nan = totalNanRewards(adv);
    if (nan > 0) notes.push(`step ${step}: ${nan} non-finite reward(s) got advantage 0`);
    for (const [k, n] of trained.entries()) {
      progress('update', k, trained.length, 'agents', `updating ${AGENTS[n].title} (${k + 1} of ${trained.length})`);
      const rows = updateRows(teams, n, adv[n].advantages);
      const result = await updateAgent(engine, this.adapters[n], this.optimizers[n], rows, {
        grpo: {
          beta: rl.beta,
          epsilonLow: rl.epsilon,
          epsilonHigh: epsilonHigh(rl),
          lossType: rl.loss_type,
          maxCompletionLength: rl.max_completion_length,
          numIterations: rl.num_iterations,
        },
        temperature: rl.temperature,
        learningRate: lr,
        maxGradNorm: this.optim.max_grad_norm,
        onGradients: this.deps.hooks?.gradients ? (grads) => this.deps.hooks?.gradients?.(step, n, grads) ?? grads : undefined,
        // A chunked Extractor has a row per chunk call: run them as many at a time as the step has trajectories.
        microBatch: teams.length * g,
      });
      updates[n] = result;
      if (result.skipped) notes.push(`step ${step}: ${AGENTS[n].title} update skipped: ${result.reason ?? 'non-finite'}; its adapter keeps its last good weights`);
    }
    progress('update', trained.length, trained.length, 'agents', 'updates done');

    this.cursor = next.cursor;
    this.completed = step;
    const trajectories = this.rows(step, problems, teams, rewards, credits, adv);
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
    return { metrics, trajectories, memoryItems: this.memory(step, problems, teams), notes };
  }

  private rows(
    step: number,
    problems: readonly Problem[],
    teams: readonly TeamTrajectory[][],
    rewards: readonly TrajectoryRewards[][],
    credits: readonly CreditResult[],
    adv: ReturnType<typeof agentAdvantages>,
  ): TrajectoryRow[] {
    const { codec, judge } = this.deps;
    return teams.flatMap((team, q) =>
      team.map((t) => {
        const r = rewards[q][t.index];
        const c = credits[q];
        return {
          step,
          question_id: problems[q].question.id,
          persona_id: problems[q].question.personaId,
          question_type: problems[q].question.type,
          group: q,
          trajectory: t.index,
          local: { ...r.local },
          global: r.global,
          ndcg: { ...c.ndcg },
          weights: { ...c.weights },
          integrated: perAgent((n) => c.integrated[n][t.index]),
          advantage: perAgent((n) => adv[n].advantages[q][t.index]),
          rank: { ...perAgent((n) => c.ranks[n][t.index]), global: c.ranks.global[t.index] },
          format_ok: { ...r.formatOk },
          outputs: perAgent((n) => t.agents[n].text),
          logprobs: perAgent((n) => [...t.agents[n].logprobs]),
          choice: r.parsed.retriever.choice,
          tokens: perAgent((n) => t.agents[n].completionIds.map((id) => codec.decode([id]))),
          judge: { name: judge.name, score: r.details.profile.score, parts: { ...r.details.profile.parts }, explanation: r.details.profile.explanation },
          history_turns: t.historyTurns,
          ...(t.extractorChunks ? { extractor_chunks: chunkRows(t.extractorChunks) } : {}),
        };
      }),
    );
  }

  private memory(step: number, problems: readonly Problem[], teams: readonly TeamTrajectory[][]): MemoryItem[] {
    return teams.flatMap((team, q) =>
      team.flatMap((t) => {
        const base = { step, questionId: problems[q].question.id, personaId: problems[q].question.personaId, group: q, trajectory: t.index };
        const fine = t.parsed.extractor.map((text) => ({ ...base, agent: 'extractor' as const, kind: 'fine' as const, text }));
        const profile = t.parsed.profiler.text;
        return profile === '' ? fine : [...fine, { ...base, agent: 'profiler' as const, kind: 'coarse' as const, text: profile }];
      }),
    );
  }

  /** The state a checkpoint stores. */
  async state(): Promise<SessionState> {
    const adapters = {} as PerAgent<number[][]>;
    const optimizers = {} as PerAgent<AdamWState>;
    for (const n of AGENT_NAMES) {
      const vars: number[][] = [];
      for (const v of this.deps.engine.adapter(this.adapters[n]).variables()) vars.push(Array.from(await v.data()));
      adapters[n] = vars;
      optimizers[n] = await this.optimizers[n].getState();
    }
    return { step: this.completed, adapters, optimizers, rng: this.rng.getState(), cursor: { ...this.cursor } };
  }

  /** Put the session back exactly as `state` was taken. */
  restore(state: SessionState): void {
    for (const n of AGENT_NAMES) {
      for (const [i, v] of this.deps.engine.adapter(this.adapters[n]).variables().entries()) {
        const data = state.adapters[n][i];
        if (data?.length !== v.size) throw new TrainerSetupError(`The checkpoint has no values for ${v.name}; it was saved with a different LoRA setup. Resume with the run's own setup.`, { field: v.name });
        v.assign(tf.tensor(data, v.shape));
      }
      this.optimizers[n].setState(state.optimizers[n]);
    }
    this.rng.setState(state.rng);
    this.cursor = { ...state.cursor };
    this.completed = state.step;
  }

  dispose(): void {
    for (const n of AGENT_NAMES) this.optimizers[n].dispose();
  }
}

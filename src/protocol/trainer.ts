// The trainer as the UI and CLI see it: one interface with two homes (in-process for tests and
// the CLI, a Web Worker for the UI), the setup that defines a run, and the events it streams.

import type { AgentName, PerAgent } from '../agents/names';
import type { WorldStyle } from '../env/worldConfig';
import type { RlConfig } from '../rl/config';
import type { SerializedError } from './errors';

/** What a run is trained on: a world generated from a seed, or a dataset stored in IndexedDB. */
export type DatasetRef =
  | {
      kind: 'synthetic';
      seed: number;
      personas: number;
      sessionsPerPersona: number;
      turnsPerSession: number;
      /** Fraction of turns that are distractor chit-chat, in [0, 1). */
      distractorRatio: number;
      /** The generator (env/worldConfig.ts WORLD_STYLES); absent = the persona worlds. */
      style?: WorldStyle;
      /** Preference topics per persona (absent = the generator's default). */
      topicsPerPersona?: number;
      /** Questions per type per persona (absent = the generator's default). */
      questionsPerType?: number;
    }
  | { kind: 'stored'; id: string };

/** Which base model: the bundled lab model, a Hugging Face repo, or a folder the user picked. */
export type ModelRef =
  | { kind: 'bundled'; name: string }
  | { kind: 'hub'; repo: string; revision: string }
  | { kind: 'folder'; name: string };

export const PRECISIONS = ['f32', 'int8', 'int4'] as const;
export type Precision = (typeof PRECISIONS)[number];

/** The profile judge: the rule-based rubric, the frozen base (adapters off), or a WebLLM model id. */
export type JudgeRef = { kind: 'rubric' } | { kind: 'frozen-base' } | { kind: 'webllm'; modelId: string; allowFallback: boolean };

/** Optimizer settings under transformers TrainingArguments' names (defaults in OPTIM_DEFAULTS). */
export interface OptimSetup {
  /** AdamW decoupled weight decay (default 0). */
  weight_decay: number;
  /** Clip the global gradient norm of each agent's LoRA to this (default 1; 0 = off). */
  max_grad_norm: number;
  /** Learning-rate schedule after warmup (default "constant"). */
  lr_scheduler_type: 'constant' | 'linear' | 'cosine';
  /** Steps of linear warmup (default 0). */
  warmup_steps: number;
}

/**
 * Optional cold-start SFT before GRPO step 1 (as PersonaMem-v2 does): each agent's adapter is
 * fine-tuned on deliberately imperfect teacher demonstrations built from the training questions.
 */
export interface ColdStartSetup {
  /** Optimizer steps per agent (a whole number ≥ 1). */
  steps: number;
  /** Adam learning rate of the SFT (> 0). */
  lr: number;
}

/** transformers TrainingArguments defaults, except the schedule: constant, so a run can be extended. */
export const OPTIM_DEFAULTS: Readonly<OptimSetup> = Object.freeze({ weight_decay: 0, max_grad_norm: 1, lr_scheduler_type: 'constant', warmup_steps: 0 });

/** What the setup panel and the CLI fill in when cold start is switched on without numbers. */
export const COLD_START_DEFAULTS: Readonly<ColdStartSetup> = Object.freeze({ steps: 20, lr: 0.01 });

export interface LoraSetup {
  r: number;
  alpha: number;
  targets: string[];
}

/** Everything that defines an experiment; plain JSON, so it fits in the URL and in IndexedDB. */
export interface RunSetup {
  dataset: DatasetRef;
  model: ModelRef;
  precision: Precision;
  judge: JudgeRef;
  /** The three agents' prompt templates (editable; defaults come from src/agents). */
  prompts: PerAgent<string>;
  rl: RlConfig;
  lora: LoraSetup;
  /** Questions per training step; each gets a group of rl.num_generations trajectories. */
  questionsPerStep: number;
  /** Training steps to run (0 = until stopped). */
  steps: number;
  /** Save a checkpoint every this many steps. */
  checkpointEvery: number;
  seed: number;
  /** Optimizer settings; omitted fields take the trainer's defaults. */
  optim?: Partial<OptimSetup>;
  /** Extractor prompt tokens at most: older turns of H are dropped to fit (omitted = no limit). */
  maxPromptTokens?: number;
  /** Cold-start SFT of the three adapters before step 1 (omitted = start GRPO from fresh adapters). */
  coldStart?: ColdStartSetup;
}

export type RunStatus = 'idle' | 'loading' | 'running' | 'paused' | 'stopped' | 'done' | 'failed';

/** The long phases a progress bar is shown for. */
export type Phase = 'download' | 'load-weights' | 'compile' | 'cold-start' | 'sample' | 'score' | 'update' | 'checkpoint' | 'eval';

/** A long operation's progress: its phase, units done of total, the unit's name, and a line for people. */
export type ProgressFn = (phase: Phase, done: number, total: number, unit: string, label: string) => void;

/** A reward summarised over one step's trajectories. */
export interface Stat {
  mean: number;
  min: number;
  max: number;
}

/** One line of metrics.jsonl and one point on every live chart. */
export interface StepMetrics {
  step: number;
  /** Each agent's local reward over the step's trajectories. */
  local: PerAgent<Stat>;
  /** The global reward (answer correct), i.e. accuracy over the step's trajectories. */
  global: Stat;
  /** Credit weights, averaged over the step's groups; they sum to 1 per group. */
  weights: PerAgent<number>;
  loss: PerAgent<number>;
  kl: PerAgent<number>;
  entropy: PerAgent<number>;
  gradNorm: PerAgent<number>;
  tokensPerSec: number;
  /** Fraction of (group, agent) pairs whose integrated rewards had zero spread (no learning signal). */
  zeroSpreadFraction: number;
  nanRewards: number;
  /** Agents whose update was skipped this step (non-finite loss or gradient). */
  skippedUpdates: AgentName[];
  wallMs: number;
}

export type TrainerEvent =
  | { kind: 'status'; runId: string; status: RunStatus; message?: string }
  | {
      kind: 'progress';
      runId: string;
      phase: Phase;
      done: number;
      total: number;
      /** What the numbers count, for the bar's label: bytes, tensors, shaders, trajectories… */
      unit: string;
      /** e.g. "sampling agent 2 of 3 for trajectory 5 of 8". */
      label: string;
    }
  | { kind: 'step'; runId: string; metrics: StepMetrics }
  | { kind: 'error'; runId?: string; error: SerializedError };

/** The trainer's control surface; both homes implement it. */
export interface TrainerApi {
  /** Create a run from a setup and start it; resolves with its id once it is stored. */
  start(setup: RunSetup): Promise<{ runId: string }>;
  /** Continue a stored run from its last checkpoint. */
  resume(runId: string): Promise<void>;
  pause(): Promise<void>;
  /** While paused: run exactly one step, then stay paused. */
  step(): Promise<void>;
  stop(): Promise<void>;
  subscribe(listener: (event: TrainerEvent) => void): () => void;
}

// What defines a run: the setup the page, the CLI, the workers and experiments all build (defaults and
// validator in ./setup.ts; URL and config-file converters in ./url.ts and ./runConfig.ts). Its parts are
// owned by the core modules that read them: the dataset by env, the model and LoRA by model, the judge
// by judge, the GRPO settings by rl/config, the optimizer by rl/optim.

import type { PerAgent } from '../agents/names';
import type { DatasetRef } from '../env/datasetRef';
import type { JudgeRef } from '../judge/judgeRef';
import type { LoraSetup } from '../model/lora';
import type { ModelRef, Precision } from '../model/modelRef';
import type { RlConfig } from '../rl/config';
import type { OptimSetup } from '../rl/optim/optimSetup';

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

/** What the setup panel and the CLI fill in when cold start is switched on without numbers. */
export const COLD_START_DEFAULTS: Readonly<ColdStartSetup> = Object.freeze({ steps: 20, lr: 0.01 });

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
  /**
   * A frozen control (omitted = a training run): every step takes the questions a training run of the same
   * seed takes, samples and is scored as it does, and no adapter takes a GRPO update. Overlaid on a trained
   * run (the run history's Overlay), its curves are the untrained team's on the very same questions.
   */
  frozenControl?: boolean;
}

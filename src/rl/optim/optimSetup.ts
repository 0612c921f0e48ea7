// The optimizer settings of a run, under transformers TrainingArguments' names, and their defaults.

import type { LrScheduleType } from './schedule';

/** Optimizer settings under transformers TrainingArguments' names (defaults in OPTIM_DEFAULTS). */
export interface OptimSetup {
  /** AdamW decoupled weight decay (default 0). */
  weight_decay: number;
  /** Clip the global gradient norm of each agent's LoRA to this (default 1; 0 = off). */
  max_grad_norm: number;
  /** Learning-rate schedule after warmup (default "constant"). */
  lr_scheduler_type: LrScheduleType;
  /** Steps of linear warmup (default 0). */
  warmup_steps: number;
}

/** transformers TrainingArguments defaults, except the schedule: constant, so a run can be extended. */
export const OPTIM_DEFAULTS: Readonly<OptimSetup> = Object.freeze({ weight_decay: 0, max_grad_norm: 1, lr_scheduler_type: 'constant', warmup_steps: 0 });

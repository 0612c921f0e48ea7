// What a trainer is given by its home: a loaded base model, and the lock that keeps a run to one trainer.

import type { Engine } from '../../model/engine';
import type { PromptCodec } from '../../rl/codec';

export interface LoadedModel {
  engine: Engine;
  codec: PromptCodec;
  /** Recorded as base_model_name_or_path in the adapters' PEFT config. */
  baseModel: string;
}

/** Holds a run for one trainer at a time (Web Locks in the browser, a lock file in the CLI). */
export interface RunLock {
  /** Resolves with a release function, or throws RunLockedError when another holder has the run. */
  acquire(runId: string): Promise<() => void>;
}

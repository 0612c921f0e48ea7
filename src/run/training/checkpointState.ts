// The state a checkpoint stores and restores exactly: every agent's LoRA values and AdamW state, the
// sampling RNG, the data cursor and the steps completed.

import * as tf from '@tensorflow/tfjs-core';
import { AGENT_NAMES, type PerAgent } from '../../agents/names';
import type { Engine } from '../../model/engine';
import type { Rng, RngState } from '../../model/rng';
import type { AdamW, AdamWState } from '../../rl/optim/adamw';
import type { DataCursor } from './dataOrder';
import { TrainerSetupError } from '../../rl/trainerErrors';

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

/** The live objects a session's state lives in. */
export interface LiveState {
  engine: Engine;
  /** The engine's adapter name of each agent. */
  adapters: PerAgent<string>;
  optimizers: PerAgent<AdamW>;
  rng: Rng;
}

/** The state a checkpoint stores, read from the live objects after `step` completed steps. */
export async function captureState(live: LiveState, step: number, cursor: DataCursor): Promise<SessionState> {
  const adapters = {} as PerAgent<number[][]>;
  const optimizers = {} as PerAgent<AdamWState>;
  for (const n of AGENT_NAMES) {
    const vars: number[][] = [];
    for (const v of live.engine.adapter(live.adapters[n]).variables()) vars.push(Array.from(await v.data()));
    adapters[n] = vars;
    optimizers[n] = await live.optimizers[n].getState();
  }
  return { step, adapters, optimizers, rng: live.rng.getState(), cursor: { ...cursor } };
}

/**
 * Put the adapters, optimizers and RNG back exactly as `state` was taken (the caller takes its step and
 * cursor). A checkpoint saved with another LoRA setup is a TrainerSetupError naming the variable.
 */
export function restoreState(live: LiveState, state: SessionState): void {
  for (const n of AGENT_NAMES) {
    for (const [i, v] of live.engine.adapter(live.adapters[n]).variables().entries()) {
      const data = state.adapters[n][i];
      if (data?.length !== v.size) throw new TrainerSetupError(`The checkpoint has no values for ${v.name}; it was saved with a different LoRA setup. Resume with the run's own setup.`, { field: v.name });
      v.assign(tf.tensor(data, v.shape));
    }
    live.optimizers[n].setState(state.optimizers[n]);
  }
  live.rng.setState(state.rng);
}

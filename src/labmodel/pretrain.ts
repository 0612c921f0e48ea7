// The tiny model's training loop: seeded shuffled mini-batches of token examples, a token-weighted
// cross-entropy per batch, Adam with warmup + cosine; used for both language modelling and the warm start.

import { Rng, type RngState } from '../model/rng';
import { Adam, type AdamSettings, type AdamState } from './adam';
import type { TrainingExample } from './examples';
import { accumulateShare, type GradientPool } from './gradPool';
import { TinyLlama, zerosLike } from './tinyLlama';

export interface StageSettings {
  name: string;
  steps: number;
  batchSize: number;
  seed: number;
  adam: Omit<AdamSettings, 'totalSteps'>;
}

export interface StageLog {
  name: string;
  steps: number;
  tokensSeen: number;
  /** Mean loss per weighted token over the first and last tenth of the steps. */
  firstLoss: number;
  lastLoss: number;
  seconds: number;
}

/** A stage stopped after `step` steps: all it needs to continue with the same bytes as an uninterrupted run. */
export interface StageCheckpoint {
  stage: string;
  step: number;
  rng: RngState;
  /** Examples of the current shuffled pass not yet drawn. */
  queue: number[];
  tokensSeen: number;
  losses: number[];
  /** Seconds of the stage before the checkpoint (its log's time counts both parts). */
  seconds: number;
  adam: AdamState;
  params: Map<string, Float32Array>;
}

/** Checkpointing of a stage: save every `every` steps (and resume from `from` when given). */
export interface StageCheckpointing {
  every: number;
  save: (cp: StageCheckpoint) => void;
  from?: StageCheckpoint;
}

/** Seeded Fisher–Yates order of 0 … n−1. */
function order(n: number, rng: Rng): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

/**
 * One training stage. With a pool, each batch's gradient is computed by the pool's workers (the result
 * depends on the pool size, never on timing); without one, in this thread. `afterStep` (1-based step
 * count) may read the model, e.g. to evaluate it, but must not change it.
 */
export async function trainStage(
  model: TinyLlama,
  examples: readonly TrainingExample[],
  s: StageSettings,
  log: (line: string) => void = () => undefined,
  pool?: GradientPool,
  afterStep?: (done: number) => void,
  checkpointing?: StageCheckpointing,
): Promise<StageLog> {
  if (examples.length === 0) throw new Error(`stage ${s.name} has no examples`);
  await pool?.setExamples(examples);
  const from = checkpointing?.from;
  if (from && from.stage !== s.name) throw new Error(`checkpoint of stage ${from.stage} cannot resume stage ${s.name}`);
  const start = performance.now() - (from?.seconds ?? 0) * 1000;
  const rng = from ? Rng.fromState(from.rng) : new Rng(s.seed);
  const adam = new Adam(model.params, { ...s.adam, totalSteps: s.steps });
  const grads = zerosLike(model.params);
  let queue: number[] = from ? [...from.queue] : [];
  let tokensSeen = from?.tokensSeen ?? 0;
  const losses: number[] = from ? [...from.losses] : [];
  if (from) {
    adam.restore(from.adam);
    for (const [k, p] of model.params) {
      const saved = from.params.get(k);
      if (!saved || saved.length !== p.data.length) throw new Error(`checkpoint has no parameter ${k} of ${p.data.length} values`);
      p.data.set(saved);
    }
    log(`${s.name}: resumed from its checkpoint after step ${from.step}`);
  }
  for (let step = from?.step ?? 0; step < s.steps; step++) {
    const batch: number[] = [];
    while (batch.length < s.batchSize) {
      if (queue.length === 0) queue = order(examples.length, rng);
      batch.push(queue.pop() as number);
    }
    const total = batch.reduce((sum, i) => sum + examples[i].weights.reduce((a, b) => a + b, 0), 0);
    for (const i of batch) tokensSeen += examples[i].ids.length;
    const loss = pool ? await pool.lossAndGrad(batch, 1 / total, grads) : accumulateShare(model, examples, batch, 1 / total, grads);
    const norm = adam.step(grads, step);
    losses.push(loss / total);
    afterStep?.(step + 1);
    if (checkpointing && (step + 1) % checkpointing.every === 0 && step + 1 < s.steps) {
      const copy = (m: Map<string, Float32Array>) => new Map([...m].map(([k, v]) => [k, v.slice()]));
      const a = adam.state();
      checkpointing.save({
        stage: s.name,
        step: step + 1,
        rng: rng.getState(),
        queue: [...queue],
        tokensSeen,
        losses: [...losses],
        seconds: (performance.now() - start) / 1000,
        adam: { t: a.t, m: copy(a.m), v: copy(a.v) },
        params: new Map([...model.params].map(([k, p]) => [k, p.data.slice()])),
      });
    }
    if (step % 10 === 0 || step === s.steps - 1) {
      const secs = (performance.now() - start) / 1000;
      log(`${s.name} step ${step + 1}/${s.steps} loss ${(loss / total).toFixed(3)} |g| ${norm.toFixed(2)} tokens ${tokensSeen} ${secs.toFixed(0)}s`);
    }
  }
  const tenth = Math.max(1, Math.floor(losses.length / 10));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    name: s.name,
    steps: s.steps,
    tokensSeen,
    firstLoss: mean(losses.slice(0, tenth)),
    lastLoss: mean(losses.slice(-tenth)),
    seconds: (performance.now() - start) / 1000,
  };
}

// The benchmark's measurements on the active backend: load time and weight memory per precision,
// prefill and KV-cached decode rates, one GRPO step (forward + backward), peak memory, FLOP/s.

import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config';
import { Engine } from '../engine';
import type { ModelFiles } from '../files';
import { enableGradients } from '../gradients';
import { LORA_TARGETS } from '../lora';
import type { Precision } from '../quant/pack';
import { Rng } from '../rng';

const now = () => performance.now();

export function randomIds(rng: Rng, rows: number, len: number, vocab: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: len }, () => Math.floor(rng.next() * vocab)));
}

/** The active backend's rate on an n×n·n×n float32 matmul (median of `reps` after a warm-up). */
export async function matmulFlops(n: number, reps: number): Promise<number> {
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
  const times: number[] = [];
  for (let r = 0; r <= reps; r++) {
    const t0 = now();
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
    if (r > 0) times.push(now() - t0);
  }
  tf.dispose([a, b]);
  times.sort((x, y) => x - y);
  return (2 * n ** 3) / ((times[Math.floor(times.length / 2)] ?? Infinity) / 1000);
}

export interface LoadFigures {
  precision: Precision;
  loadMs: number;
  weightBytes: number;
  f32WeightBytes: number;
  /** weightBytes / f32WeightBytes */
  ratio: number;
  /** Top-1 agreement of the logits with the float32 engine on the evaluation batch (1 for f32). */
  top1Agreement: number;
  /** Decode tokens/s, batch 8, short prompts (quantized kernels included). */
  decodeTokensPerS?: number;
}

export interface SpeedFigures {
  prefillTokensPerS: number;
  decodeTokensPerS: number;
  decodeStepMs: number;
  /** One forward over the whole batch of `context`-token prefixes, as a decoder without cache would run per token. */
  recomputeMs: number;
  kvSpeedup: number;
  context: number;
  batch: number;
}

export interface GrpoFigures {
  stepMs: number;
  peakBytes: number;
  modelFlops: number;
  batch: number;
  tokens: number;
  loraRank: number;
  /** Sequences per forward + backward pass (= batch when the whole batch ran at once). */
  microBatch: number;
  /** Whether each layer was recomputed in the backward (gradient checkpointing). */
  recomputeLayers: boolean;
}

function argmaxRows(flat: ArrayLike<number>, v: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < flat.length / v; r++) {
    let best = 0;
    for (let j = 1; j < v; j++) if ((flat[r * v + j] ?? -Infinity) > (flat[r * v + best] ?? -Infinity)) best = j;
    out.push(best);
  }
  return out;
}

export async function top1(engine: Engine, ids: number[][]): Promise<number[]> {
  const l = engine.logits({ ids, valid: ids.map((r) => r.map(() => 1)) });
  const data = await l.data();
  l.dispose();
  return argmaxRows(data, engine.config.vocabSize);
}

/** Greedy generation timed per step: prefill = until the first token is sampled, decode = the rest. */
export async function timeGenerate(engine: Engine, prompts: number[][], steps: number): Promise<{ prefillMs: number; decodeMs: number }> {
  const marks: number[] = [];
  const t0 = now();
  await engine.generate(prompts, { temperature: 0, maxTokens: 1 + steps, stopTokens: [], onStep: () => marks.push(now()) });
  const first = marks[0] ?? now();
  return { prefillMs: first - t0, decodeMs: (marks[marks.length - 1] ?? first) - first };
}

/** Load at one precision; agreement against the float32 argmaxes `reference` of `evalIds`. */
export async function measureLoad(
  files: ModelFiles,
  precision: Precision,
  opts: { evalIds: number[][]; reference?: number[]; decodePrompts?: number[][]; decodeSteps?: number },
): Promise<{ figures: LoadFigures; argmax: number[] }> {
  const t0 = now();
  const engine = await Engine.load(files, { precision });
  const loadMs = now() - t0;
  try {
    const mem = engine.weightMemory();
    const argmax = await top1(engine, opts.evalIds);
    const ref = opts.reference ?? argmax;
    const figures: LoadFigures = {
      precision,
      loadMs,
      weightBytes: mem.bytes,
      f32WeightBytes: mem.f32Bytes,
      ratio: mem.bytes / mem.f32Bytes,
      top1Agreement: argmax.filter((id, i) => id === ref[i]).length / ref.length,
    };
    if (opts.decodePrompts && opts.decodeSteps) {
      const { decodeMs } = await timeGenerate(engine, opts.decodePrompts, opts.decodeSteps);
      figures.decodeTokensPerS = (opts.decodePrompts.length * opts.decodeSteps) / (decodeMs / 1000);
    }
    return { figures, argmax };
  } finally {
    engine.dispose();
  }
}

/** Prefill and decode of `batch` prompts of `context` tokens, `steps` decode steps. */
export async function measureSpeed(engine: Engine, rng: Rng, batch: number, context: number, steps: number): Promise<SpeedFigures> {
  const prompts = randomIds(rng, batch, context, engine.config.vocabSize);
  await timeGenerate(engine, randomIds(rng, batch, 4, engine.config.vocabSize), 2);
  const { prefillMs: prefill, decodeMs } = await timeGenerate(engine, prompts, steps);
  const decodeStepMs = decodeMs / steps;
  return {
    prefillTokensPerS: (batch * context) / (prefill / 1000),
    decodeTokensPerS: (batch * steps) / (decodeMs / 1000),
    decodeStepMs,
    recomputeMs: prefill,
    kvSpeedup: prefill / decodeStepMs,
    context,
    batch,
  };
}

/** Forward FLOPs of a [batch, tokens] pass: 2·(linear params + LM head)·tokens + causal attention (full T×T computed). */
export function forwardFlops(cfg: ModelConfig, batch: number, tokens: number): number {
  const { hiddenSize: h, intermediateSize: m, numHeads, numKvHeads, headDim: d, numLayers, vocabSize } = cfg;
  const linear = h * numHeads * d + 2 * h * numKvHeads * d + numHeads * d * h + 3 * h * m;
  const n = batch * tokens;
  const attention = 2 * 2 * batch * numHeads * tokens * tokens * d;
  return numLayers * (2 * linear * n + attention) + 2 * vocabSize * h * n;
}

/**
 * Bytes the gradient tape keeps for one sequence of `tokens` in a LoRA step, used to choose a
 * micro-batch that fits the backend's memory. tfjs saves every op's inputs by cloning them, and on wasm
 * a clone is a copy, so the tape holds many copies per layer: the counts below (32 hidden-sized and 14
 * MLP-sized rows per token, 6 attention-probability maps per head) are calibrated on a measured
 * SmolLM2-135M tape at 256 tokens on wasm (1.71 GB, the estimate 1.71 GB).
 */
export function activationBytesPerSequence(cfg: ModelConfig, tokens: number, recompute = false): number {
  const { hiddenSize: h, intermediateSize: m, numHeads, numKvHeads, headDim: d, numLayers } = cfg;
  const perToken = 32 * h + (numHeads + 2 * numKvHeads) * d * 2 + 14 * m;
  const attention = 6 * numHeads * tokens * tokens;
  const layer = 4 * (perToken * tokens + attention);
  // With recomputed layers the tape keeps each layer's input (saved, so copied) and one layer's
  // activations at a time, during that layer's backward.
  return recompute ? layer + numLayers * 2 * 4 * h * tokens : numLayers * layer;
}

/** The largest divisor of `batch` whose activations fit in `budgetBytes` (at least 1). */
export function microBatchFor(cfg: ModelConfig, batch: number, tokens: number, budgetBytes: number, recompute = false): number {
  const per = activationBytesPerSequence(cfg, tokens, recompute);
  for (let m = batch; m > 1; m--) if (batch % m === 0 && m * per <= budgetBytes) return m;
  return 1;
}

/**
 * Gradients of −mean(A·log p) over every token of `ids` with respect to the active adapter's
 * variables, computed `microBatch` sequences at a time and summed (each micro-loss weighted by its
 * share of the batch, so the sum is the whole batch's gradient). Returns them with the peak live bytes.
 */
export async function policyGradients(engine: Engine, ids: number[][], advantages: readonly number[], microBatch: number, recomputeLayers = false): Promise<{ grads: Map<string, tf.Tensor>; peakBytes: number }> {
  const batch = ids.length;
  if (!Number.isInteger(microBatch) || microBatch < 1 || batch % microBatch !== 0) throw new RangeError(`micro-batch ${microBatch} does not divide the batch ${batch}`);
  const vars = engine.adapter(engine.activeAdapter ?? '').variables();
  const summed = new Map<string, tf.Tensor>();
  let peakBytes = tf.memory().numBytes;
  try {
    for (let from = 0; from < batch; from += microBatch) {
      const rows = ids.slice(from, from + microBatch);
      const adv = tf.tensor2d(advantages.slice(from, from + microBatch), [rows.length, 1]);
      const { value, grads } = tf.variableGrads(() => {
        const lp = engine.tokenLogprobs({ ids: rows, valid: rows.map((r) => r.map(() => 1)) }, { recomputeLayers }); // [m, T-1]
        const loss = tf.mul<tf.Scalar>(tf.neg(tf.mean(tf.mul(lp, adv))), rows.length / batch);
        peakBytes = Math.max(peakBytes, tf.memory().numBytes);
        return loss;
      }, vars);
      for (const [k, g] of Object.entries(grads)) {
        const prev = summed.get(k);
        summed.set(k, prev ? tf.add(prev, g) : g);
        if (prev) tf.dispose([prev, g]);
      }
      await Promise.all([value, ...summed.values()].map((t) => t.data()));
      peakBytes = Math.max(peakBytes, tf.memory().numBytes);
      tf.dispose([value, adv]);
    }
    return { grads: summed, peakBytes };
  } catch (err) {
    tf.dispose([...summed.values()]);
    throw err;
  }
}

/**
 * One GRPO step's compute: token log-probs of `batch` sequences of `tokens` under a rank-`rank` LoRA on
 * every projection, the clipped-free policy-gradient loss −mean(A·logp), and its gradients. Model FLOPs
 * = forward + backward; with a frozen base the backward needs activation gradients only (≈ forward),
 * plus the chunked LM head recomputed in the backward (one more head forward). With `microBatch` <
 * `batch` the step runs as batch/microBatch forward+backward passes whose gradients are summed (each
 * micro-loss weighted by its share of the batch), as a trainer does when a whole batch does not fit.
 */
export async function measureGrpo(engine: Engine, rng: Rng, batch: number, tokens: number, rank: number, microBatch = batch, recomputeLayers = false): Promise<GrpoFigures> {
  await enableGradients();
  const name = 'bench-grpo';
  engine.createAdapter(name, { rank, alpha: 2 * rank, targets: LORA_TARGETS }, 1);
  engine.setActiveAdapter(name);
  const ids = randomIds(rng, batch, tokens, engine.config.vocabSize);
  const advantages = Array.from({ length: batch }, () => rng.next() * 2 - 1);
  let grads: Map<string, tf.Tensor> | undefined;
  try {
    // One step (a second would double a minutes-long run). tf.profile fails on wasm for big steps, so
    // the peak is the live bytes when each forward ends (the tape holds every activation then) or after.
    const t0 = now();
    const step = await policyGradients(engine, ids, advantages, microBatch, recomputeLayers);
    grads = step.grads;
    const peakBytes = step.peakBytes;
    const stepMs = now() - t0;
    const cfg = engine.config;
    const fwd = forwardFlops(cfg, batch, tokens);
    const headRecompute = 2 * cfg.vocabSize * cfg.hiddenSize * batch * tokens;
    // Model FLOPs count the step's work once: the recomputed forward is overhead, not model arithmetic.
    return { stepMs, peakBytes, modelFlops: 2 * fwd + headRecompute, batch, tokens, loraRank: rank, microBatch, recomputeLayers };
  } finally {
    if (grads) tf.dispose([...grads.values()]);
    engine.setActiveAdapter(null);
    engine.removeAdapter(name);
  }
}

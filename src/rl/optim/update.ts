// One agent's policy update: its completions as a right-padded [B, T] batch, the GRPO loss on its
// own completion tokens, gradients w.r.t. its LoRA only, a finite check, clipping and AdamW.

import * as tf from '@tensorflow/tfjs-core';
import type { Engine } from '../../model/engine';
import { grpoLossTf, type GrpoSettings } from '../grpo';
import { gpuPhase } from '../../model/webgpu/gpuErrors';
import { sumTensors } from '../../model/webgpu/limits';
import type { AdamW } from './adamw';
import { clipByGlobalNorm, globalNorm } from './clip';

/** One sequence of the agent: its prompt, its sampled completion, the completion's old log-probs and advantage. */
export interface UpdateRow {
  promptIds: readonly number[];
  completionIds: readonly number[];
  oldLogprobs: readonly number[];
  advantage: number;
}

export interface UpdateSettings {
  grpo: GrpoSettings;
  /** Logits are divided by it in the log-probs, as at sampling (TRL). */
  temperature: number;
  learningRate: number;
  /** Clip the global gradient norm to this (≤ 0 = off). */
  maxGradNorm: number;
  /** Test hook: see or change the gradients before the finite check (fault injection). */
  onGradients?: (grads: Record<string, tf.Tensor>) => Record<string, tf.Tensor>;
  /** Rows per forward and backward (default all: one pass over the whole batch); gradients of the parts are summed. */
  microBatch?: number;
}

export interface UpdateResult {
  /** Loss of the last pass (NaN when it was not finite). */
  loss: number;
  /** Pre-clip global gradient norm of the last pass. */
  gradNorm: number;
  /** Mean k3 KL against the frozen base over completion tokens. */
  kl: number;
  /** Mean −log π_old over completion tokens: a sampled estimate of the policy's entropy. */
  entropy: number;
  /** True when a non-finite loss or gradient stopped the update; the adapter is as before that pass. */
  skipped: boolean;
  /** Why it was skipped. */
  reason?: string;
}

interface Layout {
  batch: { ids: number[][]; valid: number[][] };
  /** [B][T−1] with 1 on the completion tokens' log-prob columns. */
  mask: number[][];
  old: number[][];
}

/** Row b's completion token j is predicted at column |prompt_b| + j − 1 of the [B, T−1] log-probs. */
function layout(rows: readonly UpdateRow[]): Layout {
  const seqs = rows.map((r) => [...r.promptIds, ...r.completionIds]);
  const width = Math.max(2, ...seqs.map((s) => s.length));
  const zeros = () => Array<number>(width - 1).fill(0);
  const mask = rows.map(zeros);
  const old = rows.map(zeros);
  rows.forEach((r, b) => {
    r.completionIds.forEach((_, j) => {
      const col = r.promptIds.length + j - 1;
      mask[b][col] = 1;
      old[b][col] = r.oldLogprobs[j] ?? 0;
    });
  });
  return {
    batch: {
      ids: seqs.map((s) => [...s, ...Array<number>(width - s.length).fill(0)]),
      valid: seqs.map((s) => [...Array<number>(s.length).fill(1), ...Array<number>(width - s.length).fill(0)]),
    },
    mask,
    old,
  };
}

/** What one pass measured, and the (possibly test-altered) gradients it measured them on. */
interface Measured {
  loss: number;
  norm: number;
  kl: number;
  grads: Record<string, tf.Tensor>;
}

/**
 * The loss settings and weight of one micro-batch so that the weighted micro-losses sum to the whole
 * batch's loss (so their gradients sum to its gradient): grpo and dr_grpo average over sequences
 * (weight m/B), bnpo over the batch's tokens (weight N_micro/N), dapo divides by the whole batch's tokens
 * (numItemsInBatch = N, weight 1). Example: B = 4 in micro-batches of 2 under grpo → weights 1/2, 1/2.
 */
export function microBatchLoss(s: GrpoSettings, rows: number, tokens: number, batchRows: number, batchTokens: number): { settings: GrpoSettings; weight: number } {
  switch (s.lossType) {
    case 'grpo':
    case 'dr_grpo':
      return { settings: s, weight: rows / batchRows };
    case 'bnpo':
      return { settings: s, weight: batchTokens === 0 ? 0 : tokens / batchTokens };
    case 'dapo':
      return { settings: { ...s, numItemsInBatch: s.numItemsInBatch ?? batchTokens }, weight: 1 };
    default: {
      const never: never = s.lossType;
      return never;
    }
  }
}

/** One micro-batch's tensors, kept across the passes. */
interface Micro {
  batch: Layout['batch'];
  maskT: tf.Tensor2D;
  oldT: tf.Tensor2D;
  advT: tf.Tensor1D;
  ref?: tf.Tensor2D;
  settings: GrpoSettings;
  weight: number;
}

/**
 * num_iterations passes of: log-probs under `adapter` → GRPO loss → ∇ over the adapter's variables →
 * finite check (else skip, keeping the adapter) → clip → AdamW. The frozen base's log-probs (adapters
 * off) give the KL term and the KL metric. With `s.microBatch` below the number of rows (a chunked
 * Extractor's update: one row per chunk call), each pass runs the rows that many at a time and sums the
 * micro-batches' gradients, each loss weighted by `microBatchLoss` so the sum is the whole batch's gradient;
 * otherwise the whole batch is one forward and backward, as always. On WebGPU each phase (reference
 * log-probs; loss and gradients; the AdamW step) runs inside GPU error scopes: an error throws WebGpuError
 * naming the phase, and the AdamW step is staged and assigned only once its phase came back clean, so a
 * failed kernel never reaches the adapter.
 */
export async function updateAgent(engine: Engine, adapter: string, optimizer: AdamW, rows: readonly UpdateRow[], s: UpdateSettings): Promise<UpdateResult> {
  const size = Math.max(1, Math.min(rows.length, s.microBatch ?? rows.length));
  const parts = Array.from({ length: Math.ceil(rows.length / size) }, (_, k) => rows.slice(k * size, (k + 1) * size));
  const layouts = parts.map(layout);
  const tokenCount = (mask: number[][]) => mask.flat().reduce((a, m) => a + m, 0);
  const tokens = layouts.reduce((a, l) => a + tokenCount(l.mask), 0);
  // Each layout's mask flattened once (flattening it per element made this quadratic in the batch's tokens).
  const maskedOldSum = (l: Layout) => {
    const mask = l.mask.flat();
    return l.old.flat().reduce((b, x, i) => b + x * (mask[i] ?? 0), 0);
  };
  const entropy = tokens === 0 ? 0 : -layouts.reduce((a, l) => a + maskedOldSum(l), 0) / tokens;
  const previous = engine.activeAdapter;
  const phase = (what: string) => `the ${adapter} update (${what})`;
  const micros: Micro[] = layouts.map((l, k) => {
    // One micro-batch is the whole batch: its loss settings stay exactly as given.
    const share = parts.length === 1 ? { settings: s.grpo, weight: 1 } : microBatchLoss(s.grpo, parts[k].length, tokenCount(l.mask), rows.length, tokens);
    return {
      batch: l.batch,
      maskT: tf.tensor2d(l.mask), // [b, T-1]
      oldT: tf.tensor2d(l.old), // [b, T-1]
      advT: tf.tensor1d(parts[k].map((r) => r.advantage)), // [b]
      ...share,
    };
  });
  const vars = engine.adapter(adapter).variables();
  let result: UpdateResult = { loss: 0, gradNorm: 0, kl: 0, entropy, skipped: false };
  try {
    engine.setActiveAdapter(null);
    await gpuPhase(phase('reference log-probs'), async () => {
      for (const m of micros) {
        m.ref = engine.tokenLogprobs(m.batch, { temperature: s.temperature }); // [b, T-1]
        await m.ref.data();
      }
    });
    engine.setActiveAdapter(adapter);
    for (let pass = 0; pass < Math.max(1, s.grpo.numIterations); pass++) {
      const held: tf.Tensor[] = [];
      try {
        const m = await gpuPhase(phase('loss and gradients'), async (): Promise<Measured> => {
          let loss = 0;
          let klSum = 0;
          let summed: Record<string, tf.Tensor> | undefined;
          for (const mb of micros) {
            const refT = mb.ref as tf.Tensor2D;
            let logpSeen: tf.Tensor2D | undefined;
            const { value, grads } = tf.variableGrads(() => {
              const logp = engine.tokenLogprobs(mb.batch, { temperature: s.temperature }); // [b, T-1]
              logpSeen = tf.keep(logp.clone());
              const l = grpoLossTf(logp, { mask: mb.maskT, advantages: mb.advT, refLogp: refT, oldLogp: s.grpo.numIterations > 1 ? mb.oldT : undefined }, mb.settings);
              return micros.length === 1 ? l : tf.mul<tf.Scalar>(l, mb.weight);
            }, vars);
            held.push(value, ...(logpSeen ? [logpSeen] : []));
            loss += (await value.data())[0] ?? NaN;
            const klT = tf.tidy(() => {
              const d = tf.sub(refT, logpSeen as tf.Tensor2D); // [b, T-1]
              const sum = tf.sum(tf.mul(tf.sub(tf.sub(tf.exp(d), d), 1), mb.maskT));
              return micros.length === 1 ? tf.div(sum, Math.max(1, tokens)) : sum;
            });
            held.push(klT);
            klSum += (await klT.data())[0] ?? NaN;
            if (!summed) summed = grads;
            else {
              const next: Record<string, tf.Tensor> = {};
              for (const [k, g] of Object.entries(grads)) next[k] = tf.add(summed[k], g);
              tf.dispose([...Object.values(summed), ...Object.values(grads)]);
              summed = next;
            }
          }
          const grads = summed ?? {};
          held.push(...Object.values(grads));
          const seen = s.onGradients ? s.onGradients(grads) : grads;
          if (seen !== grads) held.push(...Object.values(seen));
          const norm = await globalNorm(seen);
          return { loss, norm, kl: micros.length === 1 ? klSum : klSum / Math.max(1, tokens), grads: seen };
        });
        const finite = Number.isFinite(m.loss) && Number.isFinite(m.norm);
        if (!finite) {
          result = { loss: m.loss, gradNorm: m.norm, kl: m.kl, entropy, skipped: true, reason: Number.isFinite(m.loss) ? `non-finite gradient norm (${m.norm})` : `non-finite loss (${m.loss})` };
          break;
        }
        const staged = await gpuPhase(phase('AdamW step'), async () => {
          const clipped = clipByGlobalNorm(m.grads, m.norm, s.maxGradNorm);
          held.push(...Object.values(clipped));
          const next = optimizer.stage(clipped, s.learningRate);
          held.push(...next.rows.flatMap((r) => [r.p1, r.m1, r.v1]));
          // Reading the new values submits the step's kernels inside this phase and checks them.
          const check = tf.tidy(() => sumTensors(next.rows.map((r) => tf.sum(tf.abs(r.p1)))));
          const total = (await check.data())[0] ?? NaN;
          check.dispose();
          return { next, finite: Number.isFinite(total) };
        });
        if (!staged.finite) {
          result = { loss: m.loss, gradNorm: m.norm, kl: m.kl, entropy, skipped: true, reason: 'non-finite parameters after the AdamW step' };
          break;
        }
        optimizer.commit(staged.next);
        result = { loss: m.loss, gradNorm: m.norm, kl: m.kl, entropy, skipped: false };
      } finally {
        tf.dispose(held);
      }
    }
  } finally {
    tf.dispose(micros.flatMap((mb) => [...(mb.ref ? [mb.ref] : []), mb.maskT, mb.oldT, mb.advT]));
    engine.setActiveAdapter(previous);
  }
  return result;
}

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
 * num_iterations passes of: log-probs under `adapter` → GRPO loss → ∇ over the adapter's variables →
 * finite check (else skip, keeping the adapter) → clip → AdamW. The frozen base's log-probs (adapters
 * off) give the KL term and the KL metric. On WebGPU each phase (reference log-probs; loss and
 * gradients; the AdamW step) runs inside GPU error scopes: an error throws WebGpuError naming the phase,
 * and the AdamW step is staged and assigned only once its phase came back clean, so a failed kernel never
 * reaches the adapter.
 */
export async function updateAgent(engine: Engine, adapter: string, optimizer: AdamW, rows: readonly UpdateRow[], s: UpdateSettings): Promise<UpdateResult> {
  const { batch, mask, old } = layout(rows);
  const tokens = mask.flat().reduce((a, m) => a + m, 0);
  const entropy = tokens === 0 ? 0 : -old.flat().reduce((a, x, i) => a + x * (mask.flat()[i] ?? 0), 0) / tokens;
  const previous = engine.activeAdapter;
  const phase = (what: string) => `the ${adapter} update (${what})`;
  const maskT = tf.tensor2d(mask); // [B, T-1]
  const oldT = tf.tensor2d(old); // [B, T-1]
  const advT = tf.tensor1d(rows.map((r) => r.advantage)); // [B]
  const vars = engine.adapter(adapter).variables();
  let result: UpdateResult = { loss: 0, gradNorm: 0, kl: 0, entropy, skipped: false };
  let ref: tf.Tensor2D | undefined;
  try {
    engine.setActiveAdapter(null);
    const refT = await gpuPhase(phase('reference log-probs'), async () => {
      ref = engine.tokenLogprobs(batch, { temperature: s.temperature }); // [B, T-1]
      await ref.data();
      return ref;
    });
    engine.setActiveAdapter(adapter);
    for (let pass = 0; pass < Math.max(1, s.grpo.numIterations); pass++) {
      const held: tf.Tensor[] = [];
      try {
        const m = await gpuPhase(phase('loss and gradients'), async (): Promise<Measured> => {
          let logpSeen: tf.Tensor2D | undefined;
          const { value, grads } = tf.variableGrads(() => {
            const logp = engine.tokenLogprobs(batch, { temperature: s.temperature }); // [B, T-1]
            logpSeen = tf.keep(logp.clone());
            return grpoLossTf(logp, { mask: maskT, advantages: advT, refLogp: refT, oldLogp: s.grpo.numIterations > 1 ? oldT : undefined }, s.grpo);
          }, vars);
          held.push(value, ...Object.values(grads), ...(logpSeen ? [logpSeen] : []));
          const seen = s.onGradients ? s.onGradients(grads) : grads;
          if (seen !== grads) held.push(...Object.values(seen));
          const loss = (await value.data())[0] ?? NaN;
          const norm = await globalNorm(seen);
          const klT = tf.tidy(() => {
            const d = tf.sub(refT, logpSeen as tf.Tensor2D); // [B, T-1]
            return tf.div(tf.sum(tf.mul(tf.sub(tf.sub(tf.exp(d), d), 1), maskT)), Math.max(1, tokens));
          });
          held.push(klT);
          const kl = (await klT.data())[0] ?? NaN;
          return { loss, norm, kl, grads: seen };
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
    tf.dispose([...(ref ? [ref] : []), maskT, oldT, advT]);
    engine.setActiveAdapter(previous);
  }
  return result;
}

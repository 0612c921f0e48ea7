// Choosing the next token from one row of logits: greedy at temperature 0, else temperature,
// top-k and top-p (nucleus) filtering, then a draw from the seeded RNG. Pure host code.

import { EngineInputError } from './engineErrors';
import type { Rng } from './rng';

export interface SamplingOptions {
  /** 0 = greedy (argmax). Default 1. */
  temperature?: number;
  /** Keep the smallest set of tokens whose probability reaches topP (default 1 = all). */
  topP?: number;
  /** Keep the k most likely tokens (default 0 = all). */
  topK?: number;
}

export function validateSampling(o: SamplingOptions): void {
  const t = o.temperature ?? 1;
  if (!(t >= 0) || !Number.isFinite(t)) throw new EngineInputError(`temperature must be ≥ 0, got ${t}.`, { field: 'temperature' });
  const p = o.topP ?? 1;
  if (!(p > 0 && p <= 1)) throw new EngineInputError(`top-p must be in (0, 1], got ${p}.`, { field: 'topP' });
  const k = o.topK ?? 0;
  if (!Number.isInteger(k) || k < 0) throw new EngineInputError(`top-k must be a non-negative integer, got ${k}.`, { field: 'topK' });
}

export function argmax(logits: ArrayLike<number>): number {
  let best = 0;
  let bestVal = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    const x = logits[i] ?? -Infinity;
    if (x > bestVal) {
      bestVal = x;
      best = i;
    }
  }
  return best;
}

/** One token id from a row of logits. Ties and ordering are deterministic (stable by id). */
export function sampleToken(logits: ArrayLike<number>, opts: SamplingOptions, rng: Rng): number {
  const temperature = opts.temperature ?? 1;
  if (temperature === 0) return argmax(logits);
  const n = logits.length;
  const k = opts.topK ?? 0;
  const topP = opts.topP ?? 1;
  let order = Array.from({ length: n }, (_, i) => i);
  // Only filtering needs the tokens in order; plain temperature sampling draws in id order.
  if ((k > 0 && k < n) || topP < 1) order.sort((a, b) => (logits[b] ?? 0) - (logits[a] ?? 0) || a - b);
  if (k > 0 && k < n) order = order.slice(0, k);
  let max = -Infinity;
  for (const i of order) max = Math.max(max, logits[i] ?? -Infinity);
  const weights = order.map((i) => Math.exp(((logits[i] ?? 0) - max) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  let keep = weights.length;
  if (topP < 1) {
    let cum = 0;
    for (let i = 0; i < weights.length; i++) {
      cum += (weights[i] ?? 0) / total;
      if (cum >= topP) {
        keep = i + 1;
        break;
      }
    }
  }
  const kept = weights.slice(0, keep);
  const keptTotal = kept.reduce((a, b) => a + b, 0);
  let r = rng.next() * keptTotal;
  for (let i = 0; i < kept.length; i++) {
    r -= kept[i] ?? 0;
    if (r < 0) return order[i] ?? 0;
  }
  return order[kept.length - 1] ?? 0;
}

/**
 * The temperature log-probs are scored at for sampling at `temperature`: itself, or 1 when greedy (T 0 has no
 * softmax). The forward pass's scoring and the decode steps' own use it, so the two agree.
 */
export function scoringTemperature(temperature = 1): number {
  return temperature > 0 ? temperature : 1;
}

/**
 * log softmax(logits / temperature)[id] over the whole vocabulary (no top-k/top-p truncation), in double
 * precision: the log-prob a forward pass assigns the token (what GRPO's old log-probs are).
 * Example: logits [0, ln 3], id 1, temperature 1 → ln(3/4).
 */
export function tokenLogprob(logits: ArrayLike<number>, id: number, temperature: number): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] ?? -Infinity);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(((logits[i] ?? 0) - max) / temperature);
  return ((logits[id] ?? Number.NaN) - max) / temperature - Math.log(sum);
}

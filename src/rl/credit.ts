// Adaptive credit assignment (Eq. 13–15) and the paper's ablation modes: per-agent NDCG of the
// local-reward ranking against the global rewards, softmax weights, and integrated rewards.

import { AGENT_NAMES, perAgent, type PerAgent } from '../agents/names';
import { DEFAULT_CONFIG, type CreditMode, type NdcgTies } from './config';
import { CreditInputError } from './errors';

/**
 * Trajectory indices from best to worst by `values`: descending, ties in index order, NaN last.
 * Example: [0.2, 0.9, 0.2, NaN] → [1, 0, 2, 3].
 */
export function rankOrder(values: readonly number[]): number[] {
  const key = (x: number) => (Number.isNaN(x) ? Number.NEGATIVE_INFINITY : x);
  return values.map((_, i) => i).sort((a, b) => key(values[b]) - key(values[a]) || a - b);
}

/**
 * The 1-based rank of each trajectory under {@link rankOrder}. Example: [0.2, 0.9, 0.2] → [2, 1, 3].
 */
export function ranksOf(values: readonly number[]): number[] {
  const ranks = new Array<number>(values.length);
  rankOrder(values).forEach((idx, k) => (ranks[idx] = k + 1));
  return ranks;
}

/** DCG of gains listed in rank order: Σ_k gain_k / log2(k + 1), k = 1..G. Example: [1, 0, 1] → 1 + 0 + 1/2 = 1.5. */
export function dcg(gainsInOrder: readonly number[]): number {
  return gainsInOrder.reduce((s, g, k) => s + g / Math.log2(k + 2), 0);
}

/** A NaN or negative global reward gains nothing in NDCG. */
function gainOf(x: number): number {
  return Number.isFinite(x) && x > 0 ? x : 0;
}

/**
 * v_n of Eq. 13: NDCG of the order of the G trajectories by one agent's local rewards, with the
 * global rewards as gains; the ideal order is the order by the global rewards.
 * Example: local [0.1, 0.9, 0.5], global [1, 0, 0] → order 1, 2, 0 → DCG = 1/log2(4) = 0.5, IDCG = 1 → 0.5.
 * Ties (lab choice, METHOD.md; default from DEFAULT_CONFIG.ndcg_ties, "average"): "average" gives every
 * position of a tie block the block's mean gain (tie-aware NDCG, so relabeling trajectories cannot
 * change it, and tied trajectories get the same credit); "index" orders equal local rewards by
 * trajectory index. Example (average): local [0.5, 0.5], global [0, 1] → both places gain 1/2 →
 * (1/2 + 1/2/log2 3) / 1 ≈ 0.815, the same for global [1, 0] ("index": 0.631 and 1).
 * NaN local rewards rank last (and tie with each other); NaN global rewards gain 0.
 * All-zero rule: when the ideal DCG is 0 (no trajectory answered right) v = 0, for every agent.
 * G = 1: 1 when that trajectory's global reward is > 0, else 0.
 */
export function ndcg(local: readonly number[], global: readonly number[], ties: NdcgTies = DEFAULT_CONFIG.ndcg_ties): number {
  if (local.length !== global.length) {
    throw new CreditInputError(`NDCG needs as many local rewards (${local.length}) as global rewards (${global.length}).`, { field: 'local' });
  }
  const gains = global.map(gainOf);
  const ideal = dcg([...gains].sort((a, b) => b - a));
  if (ideal === 0) return 0;
  const order = rankOrder(local);
  let ordered = order.map((i) => gains[i]);
  if (ties === 'average') {
    const key = (i: number) => (Number.isNaN(local[i]) ? Number.NEGATIVE_INFINITY : local[i]);
    ordered = [];
    for (let k = 0; k < order.length; ) {
      let end = k;
      while (end + 1 < order.length && key(order[end + 1]) === key(order[k])) end += 1;
      const block = order.slice(k, end + 1).map((i) => gains[i]);
      const mean = block.reduce((s, g) => s + g, 0) / block.length;
      for (let j = k; j <= end; j++) ordered.push(mean);
      k = end + 1;
    }
  }
  return dcg(ordered) / ideal;
}

/**
 * Whether one agent's local rewards rank a group at all. False when the group has zero spread for
 * that agent: every finite reward equal, or none finite (all NaN; a lone finite reward among NaNs
 * counts as equal to itself). Its NDCG then measures only the tie rule (1 under "average" when every
 * trajectory has the same global reward, 1 under "index" when the right answers happen to come first),
 * so views show "no signal" beside the weight instead of the NDCG.
 * Example: [0.2, 0.9, 0.2] → true; [0.5, 0.5, NaN] → false; [NaN, NaN] → false; [0.7] (G = 1) → false.
 */
export function hasRankingSignal(local: readonly number[]): boolean {
  const finite = local.filter((x) => Number.isFinite(x));
  return finite.some((x) => x !== finite[0]);
}

/** {@link hasRankingSignal} for each agent of a group. */
export function rankingSignal(local: PerAgent<readonly number[]>): PerAgent<boolean> {
  return perAgent((n) => hasRankingSignal(local[n]));
}

/**
 * w_n of Eq. 14 with a temperature T: w_n = exp(v_n/T) / Σ_m exp(v_m/T).
 * Example (T = 1): v = {1, 0, 0} → e/(e+2) ≈ 0.5761, 1/(e+2) ≈ 0.2119, 0.2119. Equal v → 1/3 each.
 */
export function softmaxWeights(v: PerAgent<number>, temperature = 1): PerAgent<number> {
  const max = Math.max(...AGENT_NAMES.map((n) => v[n] / temperature));
  const e = perAgent((n) => Math.exp(v[n] / temperature - max));
  const z = AGENT_NAMES.reduce((s, n) => s + e[n], 0);
  return perAgent((n) => e[n] / z);
}

export interface CreditOptions {
  mode: CreditMode;
  /** T of the adaptive softmax (RlConfig.credit_temperature; not the sampling temperature). */
  creditTemperature: number;
  /** Weights of "fixed" mode. */
  fixedWeights: PerAgent<number>;
  ties: NdcgTies;
}

/**
 * Each mode as r_final,n = c·r_n + w_n·r3 (c = 0 in "global", else 1):
 * adaptive w = softmax(v/T); local w = 0; global w = 1 and no local term; equal w = 1/3;
 * fixed w = the user's weights; independent w = 0 (each agent on its own local reward; the
 * trainer updates one agent per step, the others sampling frozen: config.ts trainedAgents).
 */
export function modeWeights(mode: CreditMode, v: PerAgent<number>, opts: Pick<CreditOptions, 'creditTemperature' | 'fixedWeights'>): PerAgent<number> {
  switch (mode) {
    case 'adaptive':
      return softmaxWeights(v, opts.creditTemperature);
    case 'local':
    case 'independent':
      return perAgent(() => 0);
    case 'global':
      return perAgent(() => 1);
    case 'equal':
      return perAgent(() => 1 / 3);
    case 'fixed':
      return { ...opts.fixedWeights };
    default: {
      const never: never = mode;
      throw new CreditInputError(`Unknown credit mode ${JSON.stringify(never)}.`, { field: 'mode' });
    }
  }
}

/**
 * Eq. 15 for one trajectory: r_final = c·r_n + w·r3. A zero weight ignores r3 entirely, so a NaN
 * global reward only spoils agents that receive a share of it. Example: r_n 0.4, w 0.5, r3 1 → 0.9.
 */
export function integratedReward(local: number, global: number, weight: number, includeLocal: boolean): number {
  const share = weight === 0 ? 0 : weight * global;
  return (includeLocal ? local : 0) + share;
}

export interface CreditGroup {
  /** r_n for each agent: G numbers each (NaN where undefined). */
  local: PerAgent<readonly number[]>;
  /** r3: G numbers. */
  global: readonly number[];
}

export interface CreditResult {
  mode: CreditMode;
  /** v_n per agent (computed in every mode, for display). */
  ndcg: PerAgent<number>;
  /** w_n per agent as the mode sets them. */
  weights: PerAgent<number>;
  /** r_final,n per agent: G numbers each. */
  integrated: PerAgent<number[]>;
  /** 1-based rank of each trajectory by the global reward and by each agent's local reward. */
  ranks: PerAgent<number[]> & { global: number[] };
}

/**
 * Credit for one group of G trajectories. Example (adaptive, T = 1): local extractor [1, 0],
 * profiler [0, 1], retriever [1, 0], global [1, 0] → v = {1, 1/log2(3) ≈ 0.631, 1},
 * w ≈ {0.3716, 0.2569, 0.3716}, integrated extractor [1.3716, 0].
 */
export function assignCredit(group: CreditGroup, opts: CreditOptions): CreditResult {
  const g = group.global.length;
  for (const n of AGENT_NAMES) {
    if (group.local[n].length !== g) {
      throw new CreditInputError(`local.${n} has ${group.local[n].length} rewards but global has ${g}; give one per trajectory.`, {
        field: `local.${n}`,
      });
    }
  }
  const v = perAgent((n) => ndcg(group.local[n], group.global, opts.ties));
  const weights = modeWeights(opts.mode, v, opts);
  const includeLocal = opts.mode !== 'global';
  const integrated = perAgent((n) => group.local[n].map((r, i) => integratedReward(r, group.global[i], weights[n], includeLocal)));
  const ranks = { ...perAgent((n) => ranksOf(group.local[n])), global: ranksOf(group.global) };
  return { mode: opts.mode, ndcg: v, weights, integrated, ranks };
}

// Group-relative advantages as TRL computes them: r − group mean, divided by the group's or the
// batch's std + 1e-4 (or not), NaN rewards → advantage 0 (counted), zero-spread groups reported.

import { AGENT_NAMES, perAgent, type PerAgent } from '../agents/names';
import type { ScaleRewards } from './config';

/** Added to the std before dividing (TRL). */
export const STD_EPS = 1e-4;

/** Below this a group's std counts as zero spread (torch.isclose's default atol). */
export const ZERO_SPREAD_ATOL = 1e-8;

/** Mean of the finite values; NaN when there are none. Example: [1, NaN, 3] → 2. */
export function finiteMean(xs: readonly number[]): number {
  const f = xs.filter(Number.isFinite);
  return f.length === 0 ? Number.NaN : f.reduce((s, x) => s + x, 0) / f.length;
}

/**
 * Unbiased (n − 1) standard deviation of the finite values, as torch.std; 0 for fewer than two.
 * Example: [0, 1, 1, 0] → sqrt(1/3) ≈ 0.5774.
 */
export function finiteStd(xs: readonly number[]): number {
  const f = xs.filter(Number.isFinite);
  if (f.length < 2) return 0;
  const m = f.reduce((s, x) => s + x, 0) / f.length;
  return Math.sqrt(f.reduce((s, x) => s + (x - m) ** 2, 0) / (f.length - 1));
}

export interface Advantages {
  /** One advantage per reward, same shape as the input [groups][G]. */
  advantages: number[][];
  /** Rewards that were NaN (or ±Infinity) and so got advantage 0. */
  nanRewards: number;
  /** Groups whose finite rewards all agree (std ≈ 0): they teach nothing this step. */
  zeroSpreadGroups: number;
  /** zeroSpreadGroups / groups (0 for no groups). A run where this stays 1 never learns. */
  fracZeroSpread: number;
}

/**
 * A_i = (r_i − mean_group) / (std + 1e-4) with std the group's ("group"), the whole batch's
 * ("batch"), or no division ("none"). Means and stds are over finite rewards only.
 * Example ("group"): rewards [[1, 0, 1, 0]] → mean 0.5, std 0.5774, A = ±0.5/0.5775 = ±0.8659.
 * Edge cases: a NaN reward → A = 0 and nanRewards += 1; G = 1 → std 0, A = 0; a zero-spread group → all 0.
 */
export function computeAdvantages(groups: readonly (readonly number[])[], scale: ScaleRewards): Advantages {
  const batchStd = finiteStd(groups.flat());
  let nanRewards = 0;
  let zeroSpreadGroups = 0;
  const advantages = groups.map((rewards) => {
    const mean = finiteMean(rewards);
    const groupStd = finiteStd(rewards);
    if (groupStd < ZERO_SPREAD_ATOL) zeroSpreadGroups += 1;
    const std = scale === 'batch' ? batchStd : groupStd;
    return rewards.map((r) => {
      if (!Number.isFinite(r)) {
        nanRewards += 1;
        return 0;
      }
      const centered = r - mean;
      return scale === 'none' ? centered : centered / (std + STD_EPS);
    });
  });
  return { advantages, nanRewards, zeroSpreadGroups, fracZeroSpread: groups.length === 0 ? 0 : zeroSpreadGroups / groups.length };
}

/**
 * Advantages for every agent from its integrated rewards: `groups[b][agent]` is the G rewards of
 * group b for that agent. Each agent is standardized on its own rewards (METHOD.md: "each agent's
 * advantage is the group z-score of its r_final,n").
 */
export function agentAdvantages(groups: readonly PerAgent<readonly number[]>[], scale: ScaleRewards): PerAgent<Advantages> {
  return perAgent((n) => computeAdvantages(groups.map((g) => g[n]), scale));
}

/** Total NaN rewards over the agents, for the step's metrics. */
export function totalNanRewards(adv: PerAgent<Advantages>): number {
  return AGENT_NAMES.reduce((s, n) => s + adv[n].nanRewards, 0);
}

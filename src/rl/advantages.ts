// Group-relative advantages as TRL computes them: r − group mean, divided by the group's or the
// batch's std + 1e-4 (or not), NaN rewards → advantage 0 (counted), zero-spread groups reported.

import { AGENT_NAMES, perAgent, type PerAgent } from '../agents/names';
import type { ScaleRewards } from './config';

/** Added to the std before dividing (TRL). */
export const STD_EPS = 1e-4;

/** Below this a group's std counts as zero spread (torch.isclose's default atol). */
export const ZERO_SPREAD_ATOL = 1e-8;

/** Past this magnitude squares overflow a double, so sums are taken on values divided by the largest. */
const OVERFLOW_SAFE = 1e150;

/**
 * Mean and unbiased std of the finite values in units of `scale` (1, or the largest |x| past 1e150), so
 * rewards near ±1e308 neither overflow the sums nor the std itself: mean = scale · mean_s.
 */
export interface ScaledStats {
  scale: number;
  mean: number;
  std: number;
  /** How many values were finite. */
  n: number;
}

export function scaledStats(xs: readonly number[]): ScaledStats {
  const f = xs.filter(Number.isFinite);
  const max = f.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  const scale = max > OVERFLOW_SAFE ? max : 1;
  const mean = f.length === 0 ? Number.NaN : f.reduce((sum, x) => sum + x / scale, 0) / f.length;
  const std = f.length < 2 ? 0 : Math.sqrt(f.reduce((sum, x) => sum + (x / scale - mean) ** 2, 0) / (f.length - 1));
  return { scale, mean, std, n: f.length };
}

/** Mean of the finite values; NaN when there are none. Example: [1, NaN, 3] → 2. */
export function finiteMean(xs: readonly number[]): number {
  const st = scaledStats(xs);
  return st.scale * st.mean;
}

/**
 * Unbiased (n − 1) standard deviation of the finite values, as torch.std; 0 for fewer than two.
 * Example: [0, 1, 1, 0] → sqrt(1/3) ≈ 0.5774; [1e308, −1e308] → Infinity (use scaledStats to stay finite).
 */
export function finiteStd(xs: readonly number[]): number {
  const st = scaledStats(xs);
  return st.scale * st.std;
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
  const batch = scaledStats(groups.flat());
  let nanRewards = 0;
  let zeroSpreadGroups = 0;
  const advantages = groups.map((rewards) => {
    const group = scaledStats(rewards);
    if (group.std < ZERO_SPREAD_ATOL / group.scale) zeroSpreadGroups += 1;
    const by = scale === 'batch' ? batch : group;
    // All terms in units of k (1 unless rewards pass 1e150), so r − mean and the std cannot overflow.
    const k = Math.max(group.scale, by.scale);
    const mean = group.mean * (group.scale / k);
    const std = by.std * (by.scale / k);
    return rewards.map((r) => {
      if (!Number.isFinite(r)) {
        nanRewards += 1;
        return 0;
      }
      const centered = r / k - mean;
      return scale === 'none' ? centered * k : centered / (std + STD_EPS / k);
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

// The group view's numbers: a step's stored trajectories as groups, sorted by a reward's rank, which
// agents' rewards rank the group at all, the credit recomputed from the stored rewards with
// src/rl/credit.ts as a cross-check, and the calculator's JSON.

import { AGENT_NAMES, perAgent, type AgentName, type PerAgent } from '../../agents/names';
import { rankingSignal, type CreditResult } from '../../rl/credit';
import { stepCredit, type StepCreditSettings } from '../../rl/stepCredit';
import type { TrajectoryRow } from '../records';
import { sameReward } from './explain';
import { fmt } from './format';

export type SortKey = AgentName | 'global';
export const SORT_KEYS: readonly SortKey[] = Object.freeze([...AGENT_NAMES, 'global'] as const);

/** The stored rows of one step split by group, each group in trajectory order. */
export function groupsOf<T extends Pick<TrajectoryRow, 'group' | 'trajectory'>>(stepRows: readonly T[]): T[][] {
  const groups: T[][] = [];
  for (const r of stepRows) (groups[r.group] ??= []).push(r);
  return groups.filter((g) => g !== undefined).map((g) => [...g].sort((a, b) => a.trajectory - b.trajectory));
}

/** A group's rows ordered by their stored rank under `key` (rank 1 first; ties by trajectory). */
export function sortGroup<T extends Pick<TrajectoryRow, 'rank' | 'trajectory'>>(rows: readonly T[], key: SortKey): T[] {
  return [...rows].sort((a, b) => a.rank[key] - b.rank[key] || a.trajectory - b.trajectory);
}

/**
 * Per agent: do its stored local rewards rank this group at all ({@link rankingSignal}: false when all its
 * finite rewards are equal or all are NaN)? Example: profiler [0.5, 0.5, 0.5] → false.
 */
export function groupSignal(rows: readonly Pick<TrajectoryRow, 'local'>[]): PerAgent<boolean> {
  return rankingSignal(perAgent((n) => rows.map((r) => r.local[n])));
}

/** What the group view writes in an agent's NDCG cell: the NDCG, or "no signal" when its rewards rank nothing. Example: (1, false) → "no signal". */
export function ndcgLabel(ndcg: number, signal: boolean): string {
  return signal ? fmt(ndcg) : 'no signal';
}


export interface CreditCheck {
  /** The credit of each group recomputed from its stored local and global rewards. */
  credits: CreditResult[];
  /** advantages[group][agent][trajectory], recomputed over the whole step as the trainer does. */
  advantages: PerAgent<number[]>[];
  /** "group 0, trajectory 1: weights.profiler stored 0.31, recomputed 0.32"; empty when all agree. */
  mismatches: string[];
}

/**
 * Recompute a step's credit from its stored rewards (assignCredit per group, then agentAdvantages
 * over every group of the step, so "batch" scaling matches too) and compare with every stored
 * rank, NDCG, weight, integrated reward and advantage.
 */
export function checkCredit(stepRows: readonly TrajectoryRow[], rl: StepCreditSettings): CreditCheck {
  const groups = groupsOf(stepRows);
  // The trainer's own function (rl/stepCredit.ts), so the check recomputes what the trainer computed.
  const { credits, advantages: adv } = stepCredit(groups, rl);
  const advantages = credits.map((_, q) => perAgent((n) => adv[n].advantages[q]));
  const mismatches: string[] = [];
  const check = (where: string, field: string, stored: number, recomputed: number) => {
    if (!sameReward(stored, recomputed)) mismatches.push(`${where}: ${field} stored ${stored}, recomputed ${recomputed}`);
  };
  groups.forEach((rows, q) => {
    const c = credits[q];
    rows.forEach((r, i) => {
      const where = `group ${r.group}, trajectory ${r.trajectory}`;
      check(where, 'rank.global', r.rank.global, c.ranks.global[i]);
      for (const n of AGENT_NAMES) {
        check(where, `rank.${n}`, r.rank[n], c.ranks[n][i]);
        check(where, `ndcg.${n}`, r.ndcg[n], c.ndcg[n]);
        check(where, `weights.${n}`, r.weights[n], c.weights[n]);
        check(where, `integrated.${n}`, r.integrated[n], c.integrated[n][i]);
        check(where, `advantage.${n}`, r.advantage[n], advantages[q][n][i]);
      }
    });
  });
  return { credits, advantages, mismatches };
}

const orNull = (x: number) => (Number.isFinite(x) ? x : null);

/** The group as `comam-lab credit` input (GROUP.json), with the run's credit settings; NaN rewards become null. */
export function groupCreditJson(rows: readonly TrajectoryRow[], rl: StepCreditSettings): string {
  const ordered = [...rows].sort((a, b) => a.trajectory - b.trajectory);
  return JSON.stringify(
    {
      local: perAgent((n) => ordered.map((r) => orNull(r.local[n]))),
      global: ordered.map((r) => orNull(r.global)),
      mode: rl.credit_mode,
      credit_temperature: rl.credit_temperature,
      fixed_weights: rl.fixed_weights,
      scale_rewards: rl.scale_rewards,
      ndcg_ties: rl.ndcg_ties,
    },
    null,
    2,
  );
}

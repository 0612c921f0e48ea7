// Which group of rollouts teaches something about credit: the team's outcome differs within it (some
// trajectories right, some wrong), so a local reward can rank it like the team does, and local rewards
// have spread (rankingSignal). The tour and the stepper's group view start from such a group.

import { AGENT_NAMES, perAgent, type PerAgent } from '../agents/names';
import { hasRankingSignal, rankingSignal } from '../rl/credit';
import type { TrajectoryRow } from '../run/records';

export interface GroupRewards {
  local: PerAgent<readonly number[]>;
  global: readonly number[];
}

export interface Instructiveness {
  /** Global rewards not all equal: there is a team outcome to rank by (else every NDCG only reflects ties). */
  globalVaries: boolean;
  /** Agents whose local rewards are not all equal in the group (they rank something). */
  signalAgents: number;
}

/** Example: global [1, 0], extractor [0.2, 0.9], profiler and retriever flat → {globalVaries: true, signalAgents: 1}. */
export function instructiveness(g: GroupRewards): Instructiveness {
  const signal = rankingSignal(g.local);
  return { globalVaries: hasRankingSignal(g.global), signalAgents: AGENT_NAMES.filter((n) => signal[n]).length };
}

/** A group worth a lesson: the team's outcome varies and at least one agent's local reward has spread. */
export function isInstructive(i: Instructiveness): boolean {
  return i.globalVaries && i.signalAgents > 0;
}

/** Fully instructive: the outcome varies and every agent's reward ranks the group; no better group exists. */
export function isFullyInstructive(i: Instructiveness): boolean {
  return i.globalVaries && i.signalAgents === AGENT_NAMES.length;
}

/** Order of preference: a varying outcome first, then more agents with signal. */
export function instructiveScore(i: Instructiveness): number {
  return (i.globalVaries ? AGENT_NAMES.length + 1 : 0) + i.signalAgents;
}

/** The rewards of one group's stored rows (in trajectory order). */
export function rowRewards(rows: readonly Pick<TrajectoryRow, 'local' | 'global' | 'trajectory'>[]): GroupRewards {
  const ordered = [...rows].sort((a, b) => a.trajectory - b.trajectory);
  return { local: perAgent((n) => ordered.map((r) => r.local[n])), global: ordered.map((r) => r.global) };
}

/** Stored rows split into groups by (step, group), each in trajectory order. */
export function groupsByStep<T extends Pick<TrajectoryRow, 'step' | 'group' | 'trajectory'>>(rows: readonly T[]): T[][] {
  const byKey = new Map<string, T[]>();
  for (const r of rows) {
    const key = `${r.step}:${r.group}`;
    const g = byKey.get(key) ?? [];
    g.push(r);
    byKey.set(key, g);
  }
  return [...byKey.values()].map((g) => [...g].sort((a, b) => a.trajectory - b.trajectory));
}

/**
 * The most instructive of `groups` (highest instructiveScore); among equals the first, so callers order
 * them by preference (newest first for the tour, lowest group first in a step). Undefined for none.
 */
export function mostInstructive<T>(groups: readonly T[], rewardsOf: (g: T) => GroupRewards): { group: T; how: Instructiveness } | undefined {
  let best: { group: T; how: Instructiveness } | undefined;
  for (const group of groups) {
    const how = instructiveness(rewardsOf(group));
    if (!best || instructiveScore(how) > instructiveScore(best.how)) best = { group, how };
  }
  return best;
}

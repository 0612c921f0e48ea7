// The per-trajectory record: everything the UI needs to explain one trajectory of a group — local
// and global rewards, ranks, NDCGs, weights, integrated rewards and advantages — as plain JSON.

import { perAgent, type PerAgent } from '../agents/names';
import type { Advantages } from './advantages';
import type { CreditMode } from './config';
import type { CreditGroup, CreditResult } from './credit';

export interface TrajectoryRecord {
  /** Training step the group belongs to. */
  step: number;
  /** Which (H, q) group, e.g. the question id. */
  groupId: string;
  /** 0-based index of the trajectory in its group. */
  index: number;
  /** Group size G. */
  groupSize: number;
  mode: CreditMode;
  /** r0, r1, r2 (NaN where undefined, e.g. no gold evidence). */
  local: PerAgent<number>;
  /** r3: 1 when the answer was right. */
  global: number;
  /** Whether each agent's output followed its format (absent when not known). */
  formatOk?: PerAgent<boolean>;
  /** 1-based rank of this trajectory in the group under each ordering (by r3 and by each r_n). */
  rank: PerAgent<number> & { global: number };
  /** v_n of the group (the same on every trajectory of the group). */
  ndcg: PerAgent<number>;
  /** w_n of the group. */
  weights: PerAgent<number>;
  /** r_final,n of this trajectory. */
  integrated: PerAgent<number>;
  /** A_n of this trajectory. */
  advantages: PerAgent<number>;
}

export interface GroupContext {
  step: number;
  groupId: string;
  formatOk?: readonly PerAgent<boolean>[];
}

/**
 * One record per trajectory of a group from its credit result and per-agent advantages computed
 * for that group alone (`adv[n].advantages[0]`), or taken from a batch at `row`.
 */
export function groupRecords(
  ctx: GroupContext,
  group: CreditGroup,
  credit: CreditResult,
  adv: PerAgent<Advantages>,
  row = 0,
): TrajectoryRecord[] {
  return group.global.map((global, i) => ({
    step: ctx.step,
    groupId: ctx.groupId,
    index: i,
    groupSize: group.global.length,
    mode: credit.mode,
    local: perAgent((n) => group.local[n][i]),
    global,
    ...(ctx.formatOk ? { formatOk: { ...ctx.formatOk[i] } } : {}),
    rank: { ...perAgent((n) => credit.ranks[n][i]), global: credit.ranks.global[i] },
    ndcg: { ...credit.ndcg },
    weights: { ...credit.weights },
    integrated: perAgent((n) => credit.integrated[n][i]),
    advantages: perAgent((n) => adv[n].advantages[row][i]),
  }));
}

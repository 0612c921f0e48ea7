// A step's credit and advantages from its groups' rewards, as the run's GRPO settings ask: assignCredit per
// group, then agentAdvantages over every group of the step (so "batch" scaling sees the whole step). The
// trainer computes it; the stepper recomputes it from stored rows with this same function.

import { perAgent, type PerAgent } from '../agents/names';
import { agentAdvantages } from './advantages';
import type { RlConfig } from './config';
import { assignCredit, type CreditResult } from './credit';

export type StepCreditSettings = Pick<RlConfig, 'credit_mode' | 'credit_temperature' | 'fixed_weights' | 'ndcg_ties' | 'scale_rewards'>;

/** One trajectory's rewards as credit reads them (a TrajectoryRewards or a stored TrajectoryRow). */
export interface TrajectoryCreditInput {
  local: PerAgent<number>;
  global: number;
}

export interface StepCredit {
  /** Each group's credit: ranks, NDCGs, weights, integrated rewards. */
  credits: CreditResult[];
  /** Each agent's advantages over the step's groups. */
  advantages: ReturnType<typeof agentAdvantages>;
}

/** The credit and advantages of a step whose groups are `groups` (each a group's trajectories, in index order). */
export function stepCredit(groups: readonly (readonly TrajectoryCreditInput[])[], rl: StepCreditSettings): StepCredit {
  const credits = groups.map((group) =>
    assignCredit(
      { local: perAgent((n) => group.map((r) => r.local[n])), global: group.map((r) => r.global) },
      { mode: rl.credit_mode, creditTemperature: rl.credit_temperature, fixedWeights: rl.fixed_weights, ties: rl.ndcg_ties },
    ),
  );
  return { credits, advantages: agentAdvantages(credits.map((c) => c.integrated), rl.scale_rewards) };
}

// The Profiler's local reward r1 (Eq. 10): r1 = V(M_c, H) ∈ [0, 1], where V is a frozen judge.
// This module only routes to the Judge; the rubric lives in src/judge/.

import type { Judge, JudgeVerdict } from '../../judge/judge';

export interface ProfileRewardInput {
  /** M_c, the profile text. */
  profile: string;
  /** H, the conversation history, one turn text per entry. */
  history: readonly string[];
  /** Gold profile facts H states, when the dataset has them (may be empty). */
  goldFacts: readonly string[];
  /** Gold facts stated outside H, not counted (for the judge's explanation). */
  goldFactsElsewhere?: number;
}

/**
 * Ask the judge and return its verdict; `verdict.score` is r1.
 * Edge case: an empty profile scores 0 without asking the judge (malformed output scores 0).
 */
export async function profileReward(judge: Judge, input: ProfileRewardInput): Promise<JudgeVerdict> {
  if (input.profile.trim() === '') return { score: 0, parts: {}, explanation: 'empty profile' };
  return judge.scoreProfile(input);
}

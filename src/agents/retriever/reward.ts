// The Retriever's local reward r2 (Eq. 11: precision first, β = 0.2) and the team's global reward
// r3 (Eq. 12: 1 when the chosen option is the correct one).

import { setReward, type SetScore } from '../match';
import type { Choice } from './parse';

export interface RetrievalRewardOptions {
  /** β of Eq. 11: weight of coverage vs Jaccard. Paper: 0.2 (Jaccard, i.e. precision, first). */
  beta: number;
  /** τ: an evidence line matches a gold unit when their token F1 ≥ τ. Lab default 0.5. */
  tau: number;
}

/**
 * r2 = β·|E'_q ∩ E_q|/|E_q| + (1−β)·|E'_q ∩ E_q|/|E'_q ∪ E_q|.
 * Example (β = 0.2): 1 evidence line matching the only gold unit → 0.2·1 + 0.8·1 = 1; the same plus
 * 3 unrelated lines → 0.2·1 + 0.8·(1/4) = 0.4.
 * Edge cases: no evidence lines → 0; no gold units → NaN (advantage 0, counted).
 */
export function retrievalReward(information: readonly string[], goldUnits: readonly string[], opts: RetrievalRewardOptions): SetScore {
  return setReward(information, goldUnits, opts.beta, opts.tau);
}

/**
 * r3 = 1 if the chosen option equals the correct one, else 0 (Eq. 12).
 * Example: chose (c) = 2, correct 2 → 1. Edge case: no readable choice (null) → 0.
 */
export function globalReward(choice: Choice | null, correct: Choice): number {
  return choice !== null && choice === correct ? 1 : 0;
}

// The Extractor's local reward r0 (Eq. 9): coverage first, Jaccard second, over gold evidence units
// (conversation turn texts) matched by token-overlap F1 ≥ τ.

import { setReward, type SetScore } from '../match';

export interface ExtractionRewardOptions {
  /** α of Eq. 9: weight of coverage vs Jaccard. Paper: 0.8. */
  alpha: number;
  /** τ: a memory line matches a gold unit when their token F1 ≥ τ. Lab default 0.5. */
  tau: number;
}

/**
 * r0 = α·|M_f ∩ E_q|/|E_q| + (1−α)·|M_f ∩ E_q|/|M_f ∪ E_q|.
 * Example (α = 0.8, τ = 0.5): lines ["likes green tea", "said hello"], gold ["I like green tea"]:
 * F1("likes green tea", "I like green tea") = 4/7 ≥ τ → 1 match; coverage 1/1, Jaccard 1/(2+1−1) = 1/2,
 * r0 = 0.8·1 + 0.2·0.5 = 0.9.
 * Edge cases: no lines → 0; no gold units → NaN (advantage 0, counted).
 */
export function extractionReward(memoryLines: readonly string[], goldUnits: readonly string[], opts: ExtractionRewardOptions): SetScore {
  return setReward(memoryLines, goldUnits, opts.alpha, opts.tau);
}

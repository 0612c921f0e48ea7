// The Retriever's local reward r2 (Eq. 11: precision first, β = 0.2) and the team's global reward
// r3 (Eq. 12: 1 when the chosen option is the correct one).

import { setReward, tokenF1, type SetScore } from '../match';
import type { Choice, RetrieverOutput } from './parse';

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

/** How close the Retriever's written answer is to a gold unit: the note it answers with, as retrieval. */
export interface AnswerGrounding {
  /** The best token F1 of the answer text against any gold unit (0 when there is no answer text). */
  f1: number;
  /** The gold unit reaching it (−1 when none overlaps). */
  gold: number;
}

/**
 * Answer grounding g (lab addition, answer_format "text"): the Retriever is asked to copy the note that
 * answers, so its answer is the one unit it retrieved to answer with; g scores it like a graded Eq. 11
 * on that one unit, by its best token F1 against a gold unit (no threshold, so a closer copy scores higher).
 * Example: gold ["for music, i switched to jazz because a friend took me to a concert."], answer
 * "for music, i switched to jazz because a friend took me to a concert" → 1; the restated old note
 * "for music, i like techno now because …" → lower. Edge cases: empty answer or no gold units → 0.
 */
export function answerGrounding(answer: string, goldUnits: readonly string[]): AnswerGrounding {
  let best = { f1: 0, gold: -1 };
  goldUnits.forEach((unit, i) => {
    const f1 = tokenF1(answer, unit);
    if (f1 > best.f1) best = { f1, gold: i };
  });
  return best;
}

/**
 * The Retriever's local reward with answer grounding weight γ: r2 = (1 − γ)·Eq. 11 + γ·g. γ = 0 gives the
 * paper's Eq. 11 exactly (1·e + 0·g; a NaN from no gold units stays NaN).
 * Example: Eq. 11 = 0.6 (the gold note and the restated old one listed), g = 1, γ = 0.5 → 0.8.
 */
export function groundedRetrievalReward(evidence: number, grounding: AnswerGrounding, gamma: number): number {
  return (1 - gamma) * evidence + gamma * grounding.f1;
}

/** r2 and the parts behind it: Eq. 11 on the <information> lines, the answer's grounding, and their mix. */
export interface RetrieverScore {
  evidence: SetScore;
  grounding: AnswerGrounding;
  reward: number;
}

/**
 * The Retriever's local reward r2 of one parsed output, as the trainer stores it and the stepper recomputes
 * it: Eq. 11 on its evidence lines, mixed with the grounding of its text answer by weight `grounding` (γ;
 * 0 = Eq. 11 alone; a letter answer has no text, so g = 0).
 */
export function retrieverLocalReward(
  output: Pick<RetrieverOutput, 'information' | 'mapping'>,
  goldUnits: readonly string[],
  opts: RetrievalRewardOptions & { grounding: number },
): RetrieverScore {
  const evidence = retrievalReward(output.information, goldUnits, opts);
  const grounding = answerGrounding(output.mapping?.text ?? '', goldUnits);
  return { evidence, grounding, reward: groundedRetrievalReward(evidence.reward, grounding, opts.grounding) };
}

/**
 * r3 = 1 if the chosen option equals the correct one, else 0 (Eq. 12).
 * Example: chose (c) = 2, correct 2 → 1. Edge case: no readable choice (null) → 0.
 */
export function globalReward(choice: Choice | null, correct: Choice): number {
  return choice !== null && choice === correct ? 1 : 0;
}

// The rule-based rubric judge: the lab's offline default V(M_c, H) for the Profiler's reward.
// Graded coverage of gold profile facts, minus penalties for unsupported attributes and for length.

import { contentTokens, tokenF1, tokens } from '../agents/match';
import { parseProfiler } from '../agents/profiler/parse';
import type { Judge, JudgeVerdict, ProfileJudgeInput } from './judge';

export interface RubricOptions {
  /**
   * A profile fact is fully supported when at least this share of its content words occur in one
   * history turn; below it, the fact's unsupported share rises linearly to 1 at support 0.
   */
  supportThreshold: number;
  /** Profiles longer than this many tokens are penalized. */
  maxTokens: number;
  /** Penalty per unit of the unsupported share (0–1). */
  unsupportedWeight: number;
  /** Penalty per unit of the length overrun share (0–1). */
  lengthWeight: number;
}

export const RUBRIC_DEFAULTS: Readonly<RubricOptions> = Object.freeze({
  supportThreshold: 0.5,
  maxTokens: 150,
  unsupportedWeight: 0.5,
  lengthWeight: 0.5,
});

/** Share of a fact's content words found in the best single history turn. Example: "likes jazz" vs ["I like jazz a lot"] → 1/2. */
export function supportOf(fact: string, historyTokens: readonly ReadonlySet<string>[]): number {
  const words = contentTokens(fact);
  if (words.length === 0) return 0;
  let best = 0;
  for (const turn of historyTokens) {
    const hit = words.filter((w) => turn.has(w)).length / words.length;
    if (hit > best) best = hit;
  }
  return best;
}

/**
 * How unsupported one fact is, from its support s and the threshold θ: max(0, 1 − s/θ).
 * Example (θ = 0.5): s ≥ 0.5 → 0; s = 1/3 → 1/3; s = 0 → 1. Graded so that a fact closer to the
 * history costs less, yet a paraphrase ("likes jazz" for "I like jazz a lot", s = 1/2) costs nothing.
 */
export function unsupportedShare(support: number, threshold: number): number {
  return Math.max(0, 1 - support / threshold);
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const two = (x: number) => x.toFixed(2);
/** The explanation's note on gold facts left out because the history does not state them. */
const elsewhere = (n: number | undefined) => (n !== undefined && n > 0 ? ` this history states (${n} more, stated in other sessions, not counted)` : '');

/**
 * The rubric, on the profile's facts (its bullet lines, headings removed). With gold facts it is graded,
 * so a profile closer to the gold facts scores higher even when no line matches one exactly:
 * - coverage    = mean over gold facts g of max over profile facts f of tokenF1(f, g)
 *   (the best token F1 any profile line reaches with that gold fact; no threshold);
 * - unsupported = mean over profile facts of {@link unsupportedShare}(support in H, supportThreshold)
 *   (attributes the history does not back: hallucinated, in part or whole);
 * - length      = min(1, max(0, tokens − maxTokens) / maxTokens);
 * - score = clamp01(coverage − unsupportedWeight·unsupported − lengthWeight·length).
 * Worked example: gold ["likes jazz", "works night shifts"], H ["I like jazz a lot", "I work night shifts"],
 * profile "- likes jazz\n- night owl\n- owns a boat":
 *   best F1 of "likes jazz" = 1 (line "likes jazz"); of "works night shifts" = 0.4 (line "night owl":
 *   1 shared token, P 1/2, R 1/3) → coverage (1 + 0.4)/2 = 0.7;
 *   support: "likes jazz" 1/2 → 0, "night owl" 1/2 → 0, "owns a boat" 0 → 1 → unsupported 1/3;
 *   7 tokens → length 0; score = 0.7 − 0.5·(1/3) ≈ 0.533. (Counting a gold fact only at F1 ≥ 0.5, as
 *   this rubric once did, gave "night owl" nothing: 0.5 − 1/6 ≈ 0.333, the same as a line about boats.)
 * The gold facts are those H states where the dataset says (problem.ts, factsStatedIn): a profile of one session
 * is not asked to cover what other sessions say.
 * Without gold facts (PersonaMem has none) the judge scores groundedness only, counting facts:
 * unsupported = (facts with support < supportThreshold) / facts, score = clamp01(1 − unsupported − lengthWeight·length).
 * Edge cases: no facts → 0; a fact without content words has support 0.
 */
export function scoreRubric(input: ProfileJudgeInput, opts: RubricOptions = RUBRIC_DEFAULTS): JudgeVerdict {
  const { facts } = parseProfiler(input.profile).value;
  if (facts.length === 0) return { score: 0, parts: { facts: 0 }, explanation: 'The profile states no facts.' };
  const historyTokens = input.history.map((t) => new Set(tokens(t)));
  const support = facts.map((f) => supportOf(f, historyTokens));
  const nUnsupported = support.filter((s) => s < opts.supportThreshold).length;
  const nTokens = tokens(input.profile).length;
  const length = Math.min(1, Math.max(0, nTokens - opts.maxTokens) / opts.maxTokens);
  if (input.goldFacts.length === 0) {
    const unsupported = nUnsupported / facts.length;
    const score = clamp01(1 - unsupported - opts.lengthWeight * length);
    return {
      score,
      parts: { facts: facts.length, unsupported, length },
      explanation: `No gold facts${input.goldFactsElsewhere ? ` in this history (${input.goldFactsElsewhere} stated in other sessions)` : ''}: groundedness only. ${nUnsupported} of ${facts.length} facts unsupported by the history; length penalty ${two(length)}.`,
    };
  }
  const best = input.goldFacts.map((g) => Math.max(...facts.map((f) => tokenF1(f, g))));
  const coverage = best.reduce((s, x) => s + x, 0) / best.length;
  const unsupported = support.reduce((s, x) => s + unsupportedShare(x, opts.supportThreshold), 0) / facts.length;
  const score = clamp01(coverage - opts.unsupportedWeight * unsupported - opts.lengthWeight * length);
  const shown = best.slice(0, 10).map(two).join(', ') + (best.length > 10 ? ', …' : '');
  return {
    score,
    parts: { facts: facts.length, coverage, unsupported, length },
    explanation:
      `Coverage ${two(coverage)}: the mean over ${best.length} gold facts${elsewhere(input.goldFactsElsewhere)} of the best token F1 any profile line reaches (${shown}). ` +
      `Unsupported ${two(unsupported)}: the mean over ${facts.length} facts of max(0, 1 − support/${opts.supportThreshold}); ${nUnsupported} have support under ${opts.supportThreshold} (share of content words in one history turn). ` +
      `Length penalty ${two(length)}.`,
  };
}

/** The rubric as a Judge. Synchronous inside, async at the interface so other judges fit the same slot. */
export function rubricJudge(opts: Partial<RubricOptions> = {}): Judge {
  const full: RubricOptions = { ...RUBRIC_DEFAULTS, ...opts };
  return {
    name: 'rubric',
    scoreProfile: (input) => Promise.resolve(scoreRubric(input, full)),
  };
}

// The rule-based rubric judge: the lab's offline default V(M_c, H) for the Profiler's reward.
// Coverage of gold profile facts, minus penalties for unsupported attributes and for length.

import { contentTokens, tokenF1, tokens } from '../agents/match';
import { parseProfiler } from '../agents/profiler/parse';
import type { Judge, JudgeVerdict, ProfileJudgeInput } from './judge';

export interface RubricOptions {
  /** A gold fact is covered when some profile fact has token F1 ≥ this with it (the lab's τ). */
  matchThreshold: number;
  /** A profile fact is supported when at least this share of its content words occur in one history turn. */
  supportThreshold: number;
  /** Profiles longer than this many tokens are penalized. */
  maxTokens: number;
  /** Penalty per unit of the unsupported share (0–1). */
  unsupportedWeight: number;
  /** Penalty per unit of the length overrun share (0–1). */
  lengthWeight: number;
}

export const RUBRIC_DEFAULTS: Readonly<RubricOptions> = Object.freeze({
  matchThreshold: 0.5,
  supportThreshold: 0.5,
  maxTokens: 150,
  unsupportedWeight: 0.5,
  lengthWeight: 0.5,
});

/** Share of a fact's content words found in the best single history turn. Example: "likes jazz" vs ["I like jazz"] → 1/2. */
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
 * The rubric, on the profile's facts (its bullet lines, headings removed):
 * - coverage  = covered gold facts / gold facts (covered: some profile fact has F1 ≥ matchThreshold);
 * - unsupported = profile facts whose support in H is < supportThreshold / profile facts
 *   (attributes the history does not back: hallucinated);
 * - length    = min(1, max(0, tokens − maxTokens) / maxTokens).
 * With gold facts: score = clamp01(coverage − unsupportedWeight·unsupported − lengthWeight·length).
 * Without gold facts (PersonaMem has none) the judge scores groundedness only:
 * score = clamp01((1 − unsupported) − lengthWeight·length).
 * Example: gold ["likes jazz", "works night shifts"], H ["I like jazz a lot", "I work night shifts"],
 * profile "- likes jazz\n- owns a boat": coverage 1/2 ("likes jazz" F1 1), "owns a boat" has support 0 →
 * unsupported 1/2; 5 tokens → length 0; score = 0.5 − 0.5·0.5 = 0.25.
 * Edge cases: no facts → 0.
 */
export function scoreRubric(input: ProfileJudgeInput, opts: RubricOptions = RUBRIC_DEFAULTS): JudgeVerdict {
  const { facts } = parseProfiler(input.profile).value;
  if (facts.length === 0) return { score: 0, parts: { facts: 0 }, explanation: 'The profile states no facts.' };
  const historyTokens = input.history.map((t) => new Set(tokens(t)));
  const unsupportedFacts = facts.filter((f) => supportOf(f, historyTokens) < opts.supportThreshold);
  const unsupported = unsupportedFacts.length / facts.length;
  const nTokens = tokens(input.profile).length;
  const length = Math.min(1, Math.max(0, nTokens - opts.maxTokens) / opts.maxTokens);
  const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
  if (input.goldFacts.length === 0) {
    const score = clamp01(1 - unsupported - opts.lengthWeight * length);
    return {
      score,
      parts: { facts: facts.length, unsupported, length },
      explanation: `No gold facts: groundedness only. ${unsupportedFacts.length} of ${facts.length} facts unsupported by the history; length penalty ${length.toFixed(2)}.`,
    };
  }
  const covered = input.goldFacts.filter((g) => facts.some((f) => tokenF1(f, g) >= opts.matchThreshold)).length;
  const coverage = covered / input.goldFacts.length;
  const score = clamp01(coverage - opts.unsupportedWeight * unsupported - opts.lengthWeight * length);
  return {
    score,
    parts: { facts: facts.length, coverage, unsupported, length },
    explanation: `Covers ${covered} of ${input.goldFacts.length} gold facts; ${unsupportedFacts.length} of ${facts.length} facts unsupported by the history; length penalty ${length.toFixed(2)}.`,
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

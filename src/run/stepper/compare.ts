// The stepper's two small views of the same data: tokens coloured by their stored log-probability,
// and the same question at an early and a late step with the lines each side alone has.

import type { TrajectoryRow } from '../records';

export interface TokenView {
  text: string;
  logprob: number;
  /** CSS colour: red for improbable tokens through yellow to green for near-certain ones. */
  colour: string;
}

/**
 * Colour of a token with log-probability `lp`: hue 0 (red) at p = 0 to 120 (green) at p = 1,
 * grey for a non-finite log-prob. Example: lp = log(0.5) → p 0.5 → hsl(60 …), yellow.
 */
export function logprobColour(lp: number): string {
  if (!Number.isFinite(lp)) return 'hsl(0 0% 85%)';
  const p = Math.min(1, Math.max(0, Math.exp(lp)));
  return `hsl(${Math.round(120 * p)} 80% 82%)`;
}

/** Token pieces paired with their log-probs; undefined when the row has no stored pieces (written before schema v3). */
export function tokenViews(pieces: readonly string[] | undefined, logprobs: readonly number[]): TokenView[] | undefined {
  if (!pieces || pieces.length !== logprobs.length) return undefined;
  return pieces.map((text, i) => ({ text, logprob: logprobs[i], colour: logprobColour(logprobs[i]) }));
}

/** The steps at which a question was rolled out, ascending. */
export function stepsOfQuestion(rows: readonly Pick<TrajectoryRow, 'step' | 'question_id'>[], questionId: string): number[] {
  return [...new Set(rows.filter((r) => r.question_id === questionId).map((r) => r.step))].sort((a, b) => a - b);
}

export interface LineDiff {
  text: string;
  /** The line is absent from the other side. */
  only: boolean;
}

/**
 * Lines of two texts, each marked when the other text lacks it (compared trimmed, as a multiset).
 * Example: "- a\n- b" vs "- b\n- c" → left [a only, b], right [b, c only].
 */
export function diffLines(left: string, right: string): { left: LineDiff[]; right: LineDiff[] } {
  const split = (t: string) => t.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const mark = (mine: string[], other: string[]) => {
    const left = new Map<string, number>();
    for (const l of other) left.set(l, (left.get(l) ?? 0) + 1);
    return mine.map((text) => {
      const n = left.get(text) ?? 0;
      if (n > 0) left.set(text, n - 1);
      return { text, only: n === 0 };
    });
  };
  const a = split(left);
  const b = split(right);
  return { left: mark(a, b), right: mark(b, a) };
}

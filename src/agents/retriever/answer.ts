// The Retriever's answer formats: the paper's option letter, or the option's text (a format a small model
// can learn by copying), mapped to the option whose distinctive words it shares most. Never throws.

import { tokenF1Of, tokens } from '../match';

export const ANSWER_FORMATS = ['letter', 'text'] as const;
/** `letter`: "(b)" in <final_answer> (the paper); `text`: the chosen option's words, mapped by overlap. */
export type AnswerFormat = (typeof ANSWER_FORMATS)[number];

export type Choice = 0 | 1 | 2 | 3;

/** A text answer maps to an option only when its best overlap F1 reaches this (and no other option ties it). */
export const TEXT_ANSWER_MIN_F1 = 0.2;

/** How a text answer was read: its score against each option and the option chosen, or why none. */
export interface AnswerMapping {
  /** The answer text as written (trimmed). */
  text: string;
  /** Per option: token F1 between the answer and the option, over the words that tell options apart (the answer's other words dropped). */
  scores: number[];
  chosen: Choice | null;
  /**
   * matched; empty (the answer holds no word that tells the options apart); ambiguous (it holds every
   * distinguishing word of two or more options); below-threshold; tie (equal best F1).
   */
  reason: 'matched' | 'empty' | 'ambiguous' | 'below-threshold' | 'tie';
}

/**
 * Map a written answer to one of the options. Words every option shares ("These days you're into …")
 * tell nothing apart, so they are dropped from the options; the answer keeps only words some option still
 * holds; then each option scores the token F1 of what is left. An answer that names two options whole is ambiguous; otherwise the best
 * option is chosen when its F1 ≥ TEXT_ANSWER_MIN_F1 and no other option has the same F1.
 * Example: options ["These days you're into jazz.", "These days you're into hip-hop.", …], answer
 * "jazz" → shared words {these, days, you, re, into} dropped → scores [1, 0, 0, 0] → option 0.
 * Answer "jazz or hip-hop" → holds all of option 0's and option 1's words → ambiguous, no choice.
 */
export function mapAnswerText(answer: string, options: readonly string[]): AnswerMapping {
  const text = answer.trim();
  const optionTokens = options.map(tokens);
  const shared = new Set(optionTokens.length === 0 ? [] : optionTokens[0].filter((t) => optionTokens.every((o) => o.includes(t))));
  const distinctive = optionTokens.map((o) => o.filter((t) => !shared.has(t)));
  // Words no option holds tell nothing apart either: an answer that copies a whole note ("for sport, i
  // switched to swimming because …") is read by the option words it holds, not diluted by the rest.
  const optionWords = new Set(distinctive.flat());
  const said = tokens(text).filter((t) => optionWords.has(t));
  const scores = distinctive.map((o) => tokenF1Of(said, o));
  if (said.length === 0) return { text, scores, chosen: null, reason: 'empty' };
  const whole = distinctive.filter((o) => o.length > 0 && o.every((t) => said.includes(t))).length;
  if (whole > 1) return { text, scores, chosen: null, reason: 'ambiguous' };
  const best = Math.max(...scores);
  if (best < TEXT_ANSWER_MIN_F1) return { text, scores, chosen: null, reason: 'below-threshold' };
  if (scores.filter((s) => s === best).length > 1) return { text, scores, chosen: null, reason: 'tie' };
  return { text, scores, chosen: scores.indexOf(best) as Choice, reason: 'matched' };
}

/** One line for the stepper and the parser's problems. Example: `"jazz" → (a) (F1 1.00; others 0.00, 0.00, 0.00)`. */
export function describeMapping(m: AnswerMapping): string {
  const quoted = JSON.stringify(m.text.length > 60 ? `${m.text.slice(0, 57)}…` : m.text);
  const all = m.scores.map((s, i) => `(${'abcd'[i] ?? i}) ${s.toFixed(2)}`).join(', ');
  switch (m.reason) {
    case 'matched':
      return `${quoted} → (${'abcd'[m.chosen ?? 0]}): best word overlap (F1 ${all})`;
    case 'empty':
      return `${quoted} has no words that tell the options apart: no choice`;
    case 'ambiguous':
      return `${quoted} names several options (F1 ${all}): no choice`;
    case 'below-threshold':
      return `${quoted} overlaps no option by F1 ≥ ${TEXT_ANSWER_MIN_F1} (F1 ${all}): no choice`;
    case 'tie':
      return `${quoted} matches several options equally (F1 ${all}): no choice`;
  }
}

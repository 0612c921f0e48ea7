// The Retriever's output parser: evidence lines from <information>…</information> and the chosen
// option from <final_answer>…</final_answer> (a letter, or the option's text), as 0–3. Never throws;
// missing parts parse as empty.

import { lastTagged, splitLines } from '../lines';
import type { Parsed } from '../parsed';
import { describeMapping, mapAnswerText, type AnswerFormat, type AnswerMapping, type Choice } from './answer';

export type { Choice } from './answer';

export interface RetrieverOutput {
  /** E'_q: the evidence lines inside the last <information> block ([] when there is none). */
  information: string[];
  /** The option chosen in the last <final_answer> block: (a) → 0 … (d) → 3; null when none is readable. */
  choice: Choice | null;
  /** answer_format "text" only: how the answer's words were mapped to an option. */
  mapping?: AnswerMapping;
}

/** How to read <final_answer>: the paper's letter (default), or text mapped onto these four options. */
export type AnswerReading = { format: 'letter' } | { format: 'text'; options: readonly string[] };

/** The reading for a format and a question's options. */
export function answerReading(format: AnswerFormat, options: readonly string[]): AnswerReading {
  return format === 'text' ? { format, options } : { format };
}

const LETTER = /^\s*(?:\(\s*([a-dA-D])\s*\)|([a-dA-D])\s*(?:[).:]|$))/;
const PAREN = /\(\s*([a-dA-D])\s*\)/;

/**
 * The option in a final-answer text: a leading "(c)", or a leading letter followed by ")", ".", ":" or
 * the end ("c)", "C", "c. because…"), else the first bracketed "(x)" anywhere.
 * Example: `"I pick (b) since…"` → 1; `"a guess"` → null (a bare word is not an option).
 */
export function readChoice(answer: string): Choice | null {
  const lead = LETTER.exec(answer);
  const letter = lead ? (lead[1] ?? lead[2]) : PAREN.exec(answer)?.[1];
  return letter === undefined ? null : ('abcd'.indexOf(letter.toLowerCase()) as Choice);
}

/**
 * Example: `"<information>- likes tea</information><final_answer>(c)</final_answer>"` →
 * { information: ["likes tea"], choice: 2 }, formatOk true. In the text format,
 * `"…<final_answer>green tea</final_answer>"` with options ["coffee", "green tea", "water", "juice"] →
 * choice 1 and the mapping that explains it.
 * With several blocks of a kind the last one counts. formatOk needs both blocks and a readable option.
 */
export function parseRetriever(output: string, reading: AnswerReading = { format: 'letter' }): Parsed<RetrieverOutput> {
  const info = lastTagged(output, 'information');
  const answer = lastTagged(output, 'final_answer');
  const information = info === null ? [] : splitLines(info).lines;
  const problems: string[] = [];
  if (info === null) problems.push('no <information>…</information> block');
  if (answer === null) problems.push('no <final_answer>…</final_answer> block');
  if (reading.format === 'text') {
    const mapping = answer === null ? undefined : mapAnswerText(answer, reading.options);
    const choice = mapping?.chosen ?? null;
    if (mapping && choice === null) problems.push(`answer ${describeMapping(mapping)}`);
    return { value: mapping ? { information, choice, mapping } : { information, choice }, formatOk: problems.length === 0, problems };
  }
  const choice = answer === null ? null : readChoice(answer);
  if (answer !== null && choice === null) problems.push('no option (a)–(d) in <final_answer>');
  return { value: { information, choice }, formatOk: problems.length === 0, problems };
}

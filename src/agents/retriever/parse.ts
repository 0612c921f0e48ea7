// The Retriever's output parser: evidence lines from <information>…</information> and the chosen
// option from <final_answer>(a)…</final_answer>, as 0–3. Never throws; missing parts parse as empty.

import { lastTagged, splitLines } from '../lines';
import type { Parsed } from '../parsed';

export type Choice = 0 | 1 | 2 | 3;

export interface RetrieverOutput {
  /** E'_q: the evidence lines inside the last <information> block ([] when there is none). */
  information: string[];
  /** The option chosen in the last <final_answer> block: (a) → 0 … (d) → 3; null when none is readable. */
  choice: Choice | null;
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
 * { information: ["likes tea"], choice: 2 }, formatOk true.
 * With several blocks of a kind the last one counts. formatOk needs both blocks and a readable option.
 */
export function parseRetriever(output: string): Parsed<RetrieverOutput> {
  const info = lastTagged(output, 'information');
  const answer = lastTagged(output, 'final_answer');
  const information = info === null ? [] : splitLines(info).lines;
  const choice = answer === null ? null : readChoice(answer);
  const problems: string[] = [];
  if (info === null) problems.push('no <information>…</information> block');
  if (answer === null) problems.push('no <final_answer>…</final_answer> block');
  else if (choice === null) problems.push('no option (a)–(d) in <final_answer>');
  return { value: { information, choice }, formatOk: problems.length === 0, problems };
}

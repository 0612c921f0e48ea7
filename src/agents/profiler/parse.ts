// The Profiler's output parser: the profile text M_c, and its facts (the bullet lines, headings
// removed). Never throws; a missing <profile> block falls back to the whole text, flagged.

import { lastTagged, splitLines } from '../lines';
import type { Parsed } from '../parsed';

export interface ParsedProfile {
  /** The profile text passed on as M_c (inside <profile>…</profile> when present). */
  text: string;
  /** One fact per line, headings such as "Preferences:" removed. */
  facts: string[];
}

const HEADING = /^[\p{L} ]{1,40}:$/u;

/**
 * Example: `"<profile>Preferences:\n- likes tea\n</profile>"` → text "Preferences:\n- likes tea",
 * facts ["likes tea"], formatOk true.
 * formatOk needs the <profile> block and at least one fact.
 */
export function parseProfiler(output: string): Parsed<ParsedProfile> {
  const inner = lastTagged(output, 'profile');
  const text = (inner ?? output).trim();
  const facts = splitLines(text).lines.filter((l) => !HEADING.test(l));
  const problems: string[] = [];
  if (inner === null) problems.push('no <profile>…</profile> block');
  if (facts.length === 0) problems.push('no profile facts');
  return { value: { text, facts }, formatOk: problems.length === 0, problems };
}

// PersonaMem v1 file format: the official question columns, our extra gold columns, and the
// per-row field parsers (answer letter, option list) shared by the importer and the writer.

import { DatasetRowError } from './errors';
import { parsePythonStringList } from './pyList';
import { OPTION_LABELS, type OptionIndex } from './types';

export const V1_COLUMNS = Object.freeze([
  'persona_id',
  'question_id',
  'question_type',
  'topic',
  'context_length_in_tokens',
  'context_length_in_letters',
  'distance_to_ref_in_blocks',
  'distance_to_ref_in_tokens',
  'num_irrelevant_tokens',
  'distance_to_ref_proportion_in_context',
  'user_question_or_message',
  'correct_answer',
  'all_options',
  'shared_context_id',
  'end_index_in_shared_context',
] as const);

/** Columns real PersonaMem lacks, written by the generator: gold E_q and the gold profile. */
export const V1_EXTRA_COLUMNS = Object.freeze([
  'gold_evidence_turn_ids',
  'gold_evidence_session',
  'gold_profile_facts',
  'persona_name',
  'gold_profile_fact_turns',
] as const);

/** Columns some releases add. */
export const V1_OPTIONAL_COLUMNS = Object.freeze(['stereotypical', ...V1_EXTRA_COLUMNS]);

/** `(c)`, `c`, `(C)` → 2. */
export function parseAnswerLetter(raw: string, file: string, row: number, column: string): OptionIndex {
  const m = /^\s*\(?\s*([a-dA-D])\s*\)?\s*$/.exec(raw);
  if (!m) {
    throw DatasetRowError.at({ file, row, column }, `correct answer ${JSON.stringify(raw)} is not one of (a), (b), (c), (d)`, 'Write the letter of the correct option, e.g. (c)');
  }
  return OPTION_LABELS.indexOf(m[1].toLowerCase() as (typeof OPTION_LABELS)[number]) as OptionIndex;
}

export function formatAnswerLetter(index: OptionIndex): string {
  return `(${OPTION_LABELS[index]})`;
}

/** The four option texts from a Python list literal; a leading `(a) ` label matching its place is removed. */
export function parseOptionList(raw: string, file: string, row: number, column: string): [string, string, string, string] {
  const parsed = parsePythonStringList(raw);
  if (!parsed.ok) {
    throw DatasetRowError.at({ file, row, column }, `the option list is not a Python list of strings (${parsed.error} at character ${parsed.offset + 1})`, "Write it as ['(a) ...', '(b) ...', '(c) ...', '(d) ...']");
  }
  if (parsed.values.length !== 4) {
    throw DatasetRowError.at({ file, row, column }, `the option list has ${parsed.values.length} options, not 4`, 'Give exactly four options, (a) to (d)');
  }
  const [a, b, c, d] = parsed.values.map((v, i) => stripLabel(v, i));
  return [a, b, c, d];
}

function stripLabel(option: string, index: number): string {
  const label = `(${OPTION_LABELS[index]})`;
  const trimmed = option.trimStart();
  return trimmed.toLowerCase().startsWith(label) ? trimmed.slice(label.length).trimStart() : option;
}

export function labelOption(option: string, index: number): string {
  return `(${OPTION_LABELS[index]}) ${option}`;
}

/** A non-negative integer field. */
export function parseCount(raw: string, file: string, row: number, column: string): number {
  if (!/^\s*\d+\s*$/.test(raw)) {
    throw DatasetRowError.at({ file, row, column }, `${JSON.stringify(raw)} is not a whole number`, 'Write a non-negative integer');
  }
  return Number(raw);
}

/** A JSON array of strings (our extra columns). */
export function parseStringArray(raw: string, file: string, row: number, column: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw DatasetRowError.at({ file, row, column }, 'not a JSON array of strings', 'Write it as ["...", "..."]');
  }
  return value;
}

/** A JSON array of string arrays, e.g. `[["ctx:3"], []]`; anything else is a named row error. */
export function parseStringLists(raw: string, file: string, row: number, column: string): string[][] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || !value.every((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'))) {
    throw DatasetRowError.at({ file, row, column }, 'not a JSON array of arrays of strings', 'Write it as [["ctx:3"], ["ctx:7", "ctx:9"]]');
  }
  return value;
}

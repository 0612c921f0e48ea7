// Deliberately imperfect, independent teachers for the three agents' warm start: a seeded extractor
// that keeps too much or too little, a keyword profiler, and a lexical-overlap retriever.

import { contentTokens, normalize } from './match';
import { mapAnswerText, type AnswerFormat } from './retriever/answer';
import type { Turn } from '../env/types';
import type { Rng } from '../model/rng';

/** A line cut to its first `words` words, trailing punctuation dropped. */
export function shorten(text: string, words: number): string {
  return text.trim().split(/\s+/).slice(0, words).join(' ').replace(/[.!?,;:]+$/, '');
}

/**
 * How the teachers err. `extractor`: `mixed` drops user turns at random (below); `statements` keeps every
 * user turn that is not a question and errs only on questions and assistant turns, so the notes a Retriever
 * demonstration reads hold the fact it is asked about. `retrieverOrder`: `memory` lists the evidence in
 * memory order; `best-first` puts the line sharing most words with the question first (ties: the later
 * line), so the note the answer copies is always the first evidence note.
 */
export interface TeacherStyle {
  extractor: 'mixed' | 'statements';
  retrieverOrder: 'memory' | 'best-first';
  /**
   * `fixed` (absent: every committed model) files at most two notes per heading, ten words each, and writes
   * "nothing noted" under an empty heading: the same profile for the same notes, so a student learns one
   * profile per memory and GRPO has nothing of the Profiler's own to rank. `varied` draws a
   * {@link ProfilerManner} per demonstration.
   */
  profiler?: 'fixed' | 'varied';
}

/** How one Profiler demonstration is written: notes per heading, words per note, and "nothing noted" under an empty heading or the heading left out. */
export interface ProfilerManner {
  perHeading: number;
  words: number;
  filler: boolean;
}

/** The fixed Profiler teacher's manner. */
export const FIXED_PROFILER: ProfilerManner = Object.freeze({ perHeading: 2, words: 10, filler: true });

/**
 * The varied Profiler teacher's manner for one demonstration: 1–4 notes per heading, 6, 10 or 16 words a
 * note, filler or not, uniformly (three draws from `rng`). Some of these profiles keep more of the notes
 * and write no unsupported filler, so the rubric (Eq. 10) scores them higher: a student taught all of them
 * writes each now and then, and GRPO can prefer the better ones.
 */
export function drawProfilerManner(rng: Rng): ProfilerManner {
  const perHeading = 1 + Math.floor(rng.next() * 4);
  const words = [6, 10, 16][Math.floor(rng.next() * 3)];
  return { perHeading, words, filler: rng.next() < 0.5 };
}

/** The teachers every committed model was built with. */
export const MIXED_TEACHERS: TeacherStyle = Object.freeze({ extractor: 'mixed', retrieverOrder: 'memory' });

/**
 * The Extractor teacher. Per call it is either generous (every user turn, now and then an assistant
 * turn too) or stingy (each user turn kept with probability 0.55); lines are the first 16 words. With
 * style `statements` a user turn that is not a question is kept either way (the same random draws are made).
 */
export function teachExtractor(history: readonly Turn[], rng: Rng, style: TeacherStyle['extractor'] = 'mixed'): string[] {
  const generous = rng.next() < 0.5;
  const kept: string[] = [];
  for (const turn of history) {
    if (turn.role === 'user' && (rng.next() < (generous ? 0.95 : 0.55) || (style === 'statements' && !turn.content.trim().endsWith('?')))) kept.push(shorten(turn.content, 16));
    else if (turn.role === 'assistant' && generous && rng.next() < 0.15) kept.push(shorten(turn.content, 16));
  }
  const firstUser = history.find((t) => t.role === 'user');
  if (kept.length === 0 && firstUser) kept.push(shorten(firstUser.content, 16));
  return kept;
}

const PREFERENCE = /\b(into|favourite|favorite|love|prefer|moved on|anymore|enjoy)\b/i;
/** The lesson worlds' preference statements ("for music, i like jazz now", "… i switched from …"); no persona-world line says these. */
const LESSON_PREFERENCE = /\bi like \S.* now\b|\bi switched (from|to)\b/i;
const HABIT = /\b(every|always|usually|often|week|weekend|morning|evening)\b/i;

/**
 * The Profiler teacher: sorts the notes it was given under the three headings by keywords (by default at
 * most two per heading, ten words each, "nothing noted" under an empty heading; `manner` sets these), so it
 * summarises exactly what it got, errors included. A profile with no heading left is "nothing noted".
 */
export function teachProfiler(memory: readonly string[], manner: ProfilerManner = FIXED_PROFILER): string {
  const sections: [string, string[]][] = [
    ['Situations', []],
    ['Behaviour patterns', []],
    ['Preferences', []],
  ];
  for (const line of memory) {
    const at = PREFERENCE.test(line) || LESSON_PREFERENCE.test(line) ? 2 : HABIT.test(line) ? 1 : 0;
    if (sections[at][1].length < manner.perHeading) sections[at][1].push(shorten(line, manner.words));
  }
  const body = sections
    .filter(([, lines]) => lines.length > 0 || manner.filler)
    .map(([title, lines]) => `${title}:\n${(lines.length > 0 ? lines : ['nothing noted']).map((l) => `- ${l}`).join('\n')}`);
  return `<profile>\n${body.length > 0 ? body.join('\n') : '- nothing noted'}\n</profile>`;
}

function overlap(a: ReadonlySet<string>, text: string): number {
  let n = 0;
  for (const t of new Set(contentTokens(text))) if (a.has(t)) n += 1;
  return n;
}

/**
 * The Retriever teacher: the (at most two) memory lines sharing most content words with the question
 * and its options, then the option sharing most words with those lines. Ties between options are broken
 * by `tieBreak` in [0, 1) (the k-th of n tied options for k = ⌊tieBreak·n⌋), so with no overlap at all
 * the answer is a uniform guess: the letters carry no position bias for a student to learn instead of
 * the matching. Returns the evidence lines (in memory order, or with `order` best-first the best line
 * first) and the chosen option index.
 */
export function teachRetriever(
  memory: readonly string[],
  query: string,
  options: readonly string[],
  tieBreak = 0,
  order: TeacherStyle['retrieverOrder'] = 'memory',
): { information: string[]; choice: number } {
  if (!(tieBreak >= 0 && tieBreak < 1)) throw new RangeError(`tieBreak must be in [0, 1), got ${tieBreak}`);
  const asked = new Set(contentTokens([query, ...options].join(' ')));
  const top = memory
    .map((line, i) => ({ line, i, score: overlap(asked, line) }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || (order === 'memory' ? a.i - b.i : b.i - a.i))
    .slice(0, 2);
  const ranked = (order === 'memory' ? top.sort((a, b) => a.i - b.i) : top).map((r) => r.line);
  const information = ranked.length > 0 ? ranked : memory.slice(0, 1);
  const evidence = new Set(contentTokens(information.join(' ')));
  const scores = options.map((o) => overlap(evidence, o));
  const best = Math.max(...scores);
  const tied = scores.flatMap((s, i) => (s === best ? [i] : []));
  return { information, choice: tied[Math.floor(tieBreak * tied.length)] ?? 0 };
}

/**
 * The Extractor and Retriever teachers in a chain on one question over the whole memory, drawing from `rng`
 * as teacherDemos does (the memory, then the tie-break): the lab model's card and probe:teachers score them.
 */
export function teachQuestion(
  history: readonly Turn[],
  query: string,
  options: readonly string[],
  rng: Rng,
  style: TeacherStyle = MIXED_TEACHERS,
): { memory: string[]; information: string[]; choice: number } {
  const memory = teachExtractor(history, rng, style.extractor);
  return { memory, ...teachRetriever(memory, query, options, rng.next(), style.retrieverOrder) };
}

/**
 * The teacher's words for a chosen option in the text format: the option's words that its evidence lines
 * also hold (what a reader copies from the evidence), when they map back to that option; else the option.
 * Example: option "Try a live set at a small jazz club", evidence ["now I like jazz"] → "jazz".
 */
export function teacherAnswerText(options: readonly string[], choice: number, information: readonly string[]): string {
  const option = options[choice] ?? '';
  const seen = new Set(contentTokens(information.join(' ')));
  const copied = option
    .split(/\s+/)
    .filter((w) => normalize(w).split(' ').some((t) => t !== '' && seen.has(t)))
    .join(' ')
    .replace(/[.!?,;:]+$/, '');
  return copied !== '' && mapAnswerText(copied, options).chosen === choice ? copied : option;
}

/**
 * The teacher's text answer as the default text prompt asks for it: the first of its evidence notes that
 * maps to the chosen option, copied whole (a copy of a line just written is what a small model does by
 * induction; picking the option's own words out of it is not); with no such note, teacherAnswerText.
 * Example: evidence ["my pet is two cats"], options […, "two cats", …] → "my pet is two cats".
 */
export function teacherAnswerNote(options: readonly string[], choice: number, information: readonly string[]): string {
  return information.find((line) => mapAnswerText(line, options).chosen === choice) ?? teacherAnswerText(options, choice, information);
}

/**
 * The Retriever teacher's output text in the format parseRetriever reads: the letter, or (format "text",
 * which needs the options) the evidence note of teacherAnswerNote.
 */
export function retrieverText(information: readonly string[], choice: number, format: AnswerFormat = 'letter', options: readonly string[] = []): string {
  const lines = information.length > 0 ? information.map((l) => `- ${l}`).join('\n') : '- nothing relevant';
  const answer = format === 'text' ? teacherAnswerNote(options, choice, information) : `(${'abcd'[choice]})`;
  return `<information>\n${lines}\n</information>\n<final_answer>${answer}</final_answer>`;
}

/** Memory lines as the Extractor writes them. */
export function extractorText(lines: readonly string[]): string {
  return lines.map((l) => `- ${l}`).join('\n');
}

// A learnability probe for the lab model's architecture: short synthetic episodes that isolate the one
// skill the Retriever's answer needs, "which option's word occurs in the memory?", from everything else
// (vocabulary, formats, long prompts). Token ids are abstract; no tokenizer is involved.
//
// Tasks (one supervised token per episode, at the end):
//   copy  — the answer letter is written right after the memory marker: a fixed-offset copy (control).
//   match — answer the letter of the option whose word occurs in one of the memory lines.
//   word  — answer that option's word itself (no letter hop).
//   recall — key-value recall with a text answer (the lesson's format): memory lines hold "key is value"
//            pairs, the question names one key, the options are values (the other lines' values among
//            them, so "the option that occurs in the memory" is not enough), and the target is the value
//            word itself. Variants: the question and options before the memory (`order`), and several
//            queries per episode (`queries`), each answer scored.

import { Rng } from '../model/rng';
import type { TrainingExample } from './examples';
import { TinyLlama } from './tinyLlama';

export type ProbeTask = 'copy' | 'match' | 'word' | 'recall';
export const PROBE_TASKS: readonly ProbeTask[] = ['copy', 'match', 'word', 'recall'];

/** Where the question and options sit in a `recall` episode: after the memory (as today's prompts) or before it. */
export type ProbeOrder = 'memory-first' | 'question-first';
export const PROBE_ORDERS: readonly ProbeOrder[] = ['memory-first', 'question-first'];

export interface ProbeVariant {
  order: ProbeOrder;
  /** Queries per `recall` episode (each one's answer is scored); 1 for the other tasks. */
  queries: number;
  /**
   * `recall` only: how many distinct value words exist (0 = every content id). A lesson world has a closed
   * set of a few dozen values that recur; 1,000 random ids each seen rarely is a harder, different task.
   */
  values: number;
}

export const DEFAULT_VARIANT: Readonly<ProbeVariant> = Object.freeze({ order: 'memory-first', queries: 1, values: 0 });

/** Structural token ids; content words are drawn from [WORD_BASE, vocabSize). */
const BOS = 1;
const LETTERS = [10, 11, 12, 13] as const;
const OPEN = 14;
const NEWLINE = 15;
const MEMORY = 16;
const OPTIONS = 17;
const ANSWER = 18;
const FILLER = [19, 20, 21] as const;
const QUESTION = 22;
const IS = 23;
const WORD_BASE = 32;
const LINE_WORDS = 6;
/** `recall` keys are the first KEY_COUNT content ids; values and filler words the rest. */
const KEY_COUNT = 16;

export interface ProbeEpisode extends TrainingExample {
  /** The answer's option index (0–3) and the four candidate target ids (letters or option words). */
  answer: number;
  candidates: number[];
}

/**
 * A `recall` episode: 2–4 memory lines of LINE_WORDS filler words, each with one distinct "key IS value"
 * inside; per query: QUESTION key, the four options (its value, the other lines' values, random values),
 * ANSWER ( value. The last query's answer is the one `scoreProbe` reads (its options are `candidates`).
 */
function recallEpisode(vocabSize: number, rng: Rng, variant: ProbeVariant): ProbeEpisode {
  const draw = (lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo));
  const valueLo = WORD_BASE + KEY_COUNT;
  const valueHi = variant.values > 0 ? Math.min(vocabSize, valueLo + variant.values) : vocabSize;
  if (valueHi - valueLo < 8) throw new Error(`recall needs at least 8 value words, got ${valueHi - valueLo}`);
  const lineCount = 2 + Math.floor(rng.next() * 3);
  const keys: number[] = [];
  while (keys.length < lineCount) {
    const k = draw(WORD_BASE, valueLo);
    if (!keys.includes(k)) keys.push(k);
  }
  const values: number[] = [];
  while (values.length < lineCount) {
    const v = draw(valueLo, valueHi);
    if (!values.includes(v)) values.push(v);
  }
  const memory = [MEMORY];
  for (let l = 0; l < lineCount; l++) {
    const line: number[] = [];
    while (line.length < LINE_WORDS) {
      const w = draw(valueLo, vocabSize);
      if (!values.includes(w)) line.push(w);
    }
    const at = Math.floor(rng.next() * (LINE_WORDS - 2));
    line.splice(at, 3, keys[l], IS, values[l]);
    memory.push(NEWLINE, ...line);
  }
  const blocks: { question: number[]; answer: number[]; candidates: number[]; answerIndex: number }[] = [];
  for (let q = 0; q < variant.queries; q++) {
    const asked = Math.floor(rng.next() * lineCount);
    const pool = values.filter((_, l) => l !== asked);
    while (pool.length < 3) {
      const v = draw(valueLo, valueHi);
      if (!pool.includes(v) && !values.includes(v)) pool.push(v);
    }
    const wrong = pool.slice(0, 3);
    const answerIndex = Math.floor(rng.next() * 4);
    const candidates = [...wrong];
    candidates.splice(answerIndex, 0, values[asked]);
    const question = [QUESTION, keys[asked], OPTIONS];
    for (let i = 0; i < 4; i++) question.push(NEWLINE, OPEN, LETTERS[i], ...FILLER, candidates[i]);
    blocks.push({ question, answer: [NEWLINE, ANSWER, OPEN, values[asked]], candidates, answerIndex });
  }
  const sequence = [BOS];
  const scored: number[] = [];
  const pushAnswer = (answer: number[]) => {
    sequence.push(...answer);
    scored.push(sequence.length - 1);
  };
  if (variant.order === 'question-first' && variant.queries === 1) {
    sequence.push(...blocks[0].question, NEWLINE, ...memory);
    pushAnswer(blocks[0].answer);
  } else {
    sequence.push(...memory);
    for (const b of blocks) {
      sequence.push(NEWLINE, ...b.question);
      pushAnswer(b.answer);
    }
  }
  const ids = sequence.slice(0, -1);
  const targets = sequence.slice(1);
  const weights = targets.map((_, i) => (scored.includes(i + 1) ? 1 : 0));
  const last = blocks[blocks.length - 1];
  return { ids, targets, weights, answer: last.answerIndex, candidates: last.candidates };
}

/** One episode: a memory of 1–3 lines (one holds the answer's word), four options, the answer target. */
export function probeEpisode(task: ProbeTask, vocabSize: number, rng: Rng, variant: ProbeVariant = DEFAULT_VARIANT): ProbeEpisode {
  if (vocabSize < WORD_BASE + 64) throw new Error(`the probe needs a vocabulary of at least ${WORD_BASE + 64} ids, got ${vocabSize}`);
  if (variant.order === 'question-first' && variant.queries > 1) throw new Error('question-first episodes hold one query; use --queries 1 with --order question-first');
  if (task === 'recall') return recallEpisode(vocabSize, rng, variant);
  const pick = () => WORD_BASE + Math.floor(rng.next() * (vocabSize - WORD_BASE));
  const words: number[] = [];
  while (words.length < 4) {
    const w = pick();
    if (!words.includes(w)) words.push(w);
  }
  const answer = Math.floor(rng.next() * 4);
  const lineCount = 1 + Math.floor(rng.next() * 3);
  const at = Math.floor(rng.next() * lineCount);
  const memory = [MEMORY];
  if (task === 'copy') memory.push(LETTERS[answer]);
  for (let l = 0; l < lineCount; l++) {
    const line: number[] = [];
    while (line.length < LINE_WORDS) {
      const w = pick();
      if (!words.includes(w)) line.push(w); // no option word by accident: exactly one option matches
    }
    if (l === at) line[Math.floor(rng.next() * LINE_WORDS)] = words[answer];
    memory.push(NEWLINE, ...line);
  }
  const options = [OPTIONS];
  for (let i = 0; i < 4; i++) options.push(NEWLINE, OPEN, LETTERS[i], ...FILLER, words[i]);
  const candidates = task === 'word' ? words : [...LETTERS];
  const sequence = [BOS, ...memory, ...options, NEWLINE, ANSWER, OPEN, candidates[answer]];
  const ids = sequence.slice(0, -1);
  const targets = sequence.slice(1);
  const weights = targets.map((_, i) => (i === targets.length - 1 ? 1 : 0));
  return { ids, targets, weights, answer, candidates };
}

export function probeEpisodes(task: ProbeTask, vocabSize: number, count: number, seed: number, variant: ProbeVariant = DEFAULT_VARIANT): ProbeEpisode[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => probeEpisode(task, vocabSize, rng, variant));
}

export interface ProbeScore {
  /** Mean −log p(answer) at the answer position. */
  loss: number;
  /** Fraction of episodes where the answer is the most probable of the four candidates. */
  accuracy: number;
}

/** Held-out score: the answer's loss, and four-way forced-choice accuracy among the candidates. */
export function scoreProbe(model: TinyLlama, episodes: readonly ProbeEpisode[]): ProbeScore {
  let loss = 0;
  let right = 0;
  for (const ep of episodes) {
    const last = ep.targets.length - 1;
    // Only the last answer is scored: earlier answers of a multi-query episode stay the gold ones.
    const lastOnly = ep.weights.map((_, i) => (i === last ? 1 : 0));
    const losses = ep.candidates.map((c) => {
      const targets = [...ep.targets];
      targets[last] = c;
      return model.lossAndGrad(ep.ids, targets, lastOnly, 1);
    });
    loss += losses[ep.answer];
    if (losses.every((l, i) => i === ep.answer || l > losses[ep.answer])) right++;
  }
  return { loss: loss / episodes.length, accuracy: right / episodes.length };
}

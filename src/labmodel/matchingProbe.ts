// A learnability probe for the lab model's architecture: short synthetic episodes that isolate the one
// skill the Retriever's answer needs, "which option's word occurs in the memory?", from everything else
// (vocabulary, formats, long prompts). Token ids are abstract; no tokenizer is involved.
//
// Tasks (one supervised token per episode, at the end):
//   copy  — the answer letter is written right after the memory marker: a fixed-offset copy (control).
//   match — answer the letter of the option whose word occurs in one of the memory lines.
//   word  — answer that option's word itself (no letter hop).

import { Rng } from '../model/rng';
import type { TrainingExample } from './examples';
import { TinyLlama } from './tinyLlama';

export type ProbeTask = 'copy' | 'match' | 'word';
export const PROBE_TASKS: readonly ProbeTask[] = ['copy', 'match', 'word'];

/** Structural token ids; content words are drawn from [WORD_BASE, vocabSize). */
const BOS = 1;
const LETTERS = [10, 11, 12, 13] as const;
const OPEN = 14;
const NEWLINE = 15;
const MEMORY = 16;
const OPTIONS = 17;
const ANSWER = 18;
const FILLER = [19, 20, 21] as const;
const WORD_BASE = 32;
const LINE_WORDS = 6;

export interface ProbeEpisode extends TrainingExample {
  /** The answer's option index (0–3) and the four candidate target ids (letters or option words). */
  answer: number;
  candidates: number[];
}

/** One episode: a memory of 1–3 lines (one holds the answer's word), four options, the answer target. */
export function probeEpisode(task: ProbeTask, vocabSize: number, rng: Rng): ProbeEpisode {
  if (vocabSize < WORD_BASE + 64) throw new Error(`the probe needs a vocabulary of at least ${WORD_BASE + 64} ids, got ${vocabSize}`);
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

export function probeEpisodes(task: ProbeTask, vocabSize: number, count: number, seed: number): ProbeEpisode[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => probeEpisode(task, vocabSize, rng));
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
    const losses = ep.candidates.map((c) => {
      const targets = [...ep.targets];
      targets[last] = c;
      return model.lossAndGrad(ep.ids, targets, ep.weights, 1);
    });
    loss += losses[ep.answer];
    if (losses.every((l, i) => i === ep.answer || l > losses[ep.answer])) right++;
  }
  return { loss: loss / episodes.length, accuracy: right / episodes.length };
}

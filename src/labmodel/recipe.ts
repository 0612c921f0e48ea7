// The lab model's recipe: architecture, vocabulary, data sizes and both training stages' settings,
// in one frozen object (the full build) plus a shortened variant for the determinism test.

import type { AnswerFormat } from '../agents/retriever/answer';
import type { TeacherStyle } from '../agents/teachers';
import type { LabWorldKind } from './corpus';
import { DEFAULT_INDUCTION_INIT, type InductionInit } from './inductionInit';
import type { StageSettings } from './pretrain';
import type { TinyConfig } from './tinyLlama';

export interface Recipe {
  name: string;
  /** The worlds it learns from (absent: the persona worlds, as comam-tiny). */
  world?: LabWorldKind;
  /** The Retriever's answer format in its demonstrations and evaluation (absent: the letter). */
  answerFormat?: AnswerFormat;
  /**
   * Copy documents added to language modelling (absent: none): random runs of the corpus's words, then
   * the same run again, so the second half is predictable only by copying from context (induction).
   */
  copyDocs?: number;
  /**
   * Lines of the corpus's own chats copied in language modelling (absent: none): a session's user lines,
   * then "repeat:" and the same lines, so natural sentences (whose words recur, unlike a copy document's)
   * are copied too, as the Extractor must.
   */
  lineCopies?: number;
  /** A copying circuit written into the initial weights (absent: plain random init); see inductionInit.ts. */
  inductionInit?: InductionInit;
  model: TinyConfig;
  /** Training worlds (seeds TRAIN_SEED_BASE …) and evaluation worlds (EVAL_SEED_BASE …). */
  trainWorlds: number;
  evalWorlds: number;
  /** Held-out questions evaluated (spread over the evaluation worlds). */
  evalQuestions: number;
  /** Tokens per language-modelling window. */
  lmWindow: number;
  /** Longest supervised sequence kept. */
  maxSequence: number;
  /** Warm-start loss weight of the prompt's own tokens (the completion weighs 1). */
  promptWeight: number;
  /** Warm-start loss weight of the Retriever's answer letter. */
  answerWeight: number;
  /**
   * Warm-start loss weight of the Retriever's first evidence note, where it picks which line to copy
   * (absent: 1, and the answer letter gets `answerWeight`).
   */
  evidenceWeight?: number;
  /** How the warm start's teachers err (absent: MIXED_TEACHERS, as every committed model). */
  teachers?: TeacherStyle;
  /** Keep every n-th profiler demonstration (the profiler's format is the easiest to learn). */
  profilerEvery: number;
  initSeed: number;
  /** Gradient workers (worker_threads); the built bytes depend on this number, not on timing. */
  workers: number;
  pretrain: StageSettings;
  warmStart: StageSettings;
}

const ADAM = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.01, clipNorm: 1, minLrRatio: 0.1 } as const;

export const FULL_RECIPE: Recipe = Object.freeze({
  name: 'comam-tiny',
  model: { vocabSize: 1024, hidden: 64, intermediate: 192, layers: 4, heads: 4, maxPositions: 512, ropeTheta: 10000, rmsNormEps: 1e-5 },
  trainWorlds: 30,
  evalWorlds: 4,
  evalQuestions: 84,
  lmWindow: 128,
  maxSequence: 480,
  promptWeight: 0,
  answerWeight: 2,
  profilerEvery: 1,
  initSeed: 7,
  workers: 2,
  pretrain: { name: 'pretrain', steps: 120, batchSize: 8, seed: 11, adam: { ...ADAM, peakLr: 3e-3, warmupSteps: 10 } },
  warmStart: { name: 'warm-start', steps: 1100, batchSize: 8, seed: 13, adam: { ...ADAM, peakLr: 3e-3, warmupSteps: 10 } },
});

/**
 * The lesson model: comam-tiny's architecture and stages on the lesson worlds (short explicit turns, the
 * answer one evidence turn away) with the text answer format, so the Retriever answers by copying the
 * evidence's words instead of matching an option to a letter (which probe:matching showed this size
 * cannot learn in the budget), and GRPO has an imperfect but better-than-chance team to improve.
 */
export const LESSON_RECIPE: Recipe = Object.freeze({
  ...FULL_RECIPE,
  name: 'comam-lesson',
  world: 'lesson',
  answerFormat: 'text',
  evalWorlds: 4,
  evalQuestions: 100,
  answerWeight: 1,
  // A first build without them (120 LM steps) wrote plausible lesson lines but values from its prior, not
  // from the history (1 of 32 held-out answers right): in a closed world a value's prior is cheap and
  // copying never pays; runs of random words repeated make copying the only way to predict them.
  copyDocs: 4000,
  // Two builds with copy documents alone still wrote prior values: probe:induction found that no copying
  // forms from a random init in thousands of steps, and forms within a few hundred from the written-in
  // circuit (which needs RoPE pairs 4–7 nearly position-free, hence θ 1e6).
  lineCopies: 2000,
  inductionInit: DEFAULT_INDUCTION_INIT,
  model: { ...FULL_RECIPE.model, ropeTheta: 1_000_000 },
  pretrain: { ...FULL_RECIPE.pretrain, steps: 400 },
  warmStart: { ...FULL_RECIPE.warmStart, steps: 900 },
});

/**
 * The lesson model with two- and three-token matching in its copying circuit (inductionInit.ts `context`):
 * the one-token circuit copies "for music, i like poetry now" for a line about music that says "i switched to
 * jazz", since after "i" any line's next word matches. probe:induction: held-out loss where one token is
 * ambiguous 1.05 against 1.31 after 150 LM steps (offset 2.5, gain 0.6, match 0.6, the best of four tried).
 */
export const LESSON_CONTEXT_RECIPE: Recipe = Object.freeze({
  ...LESSON_RECIPE,
  name: 'comam-lesson-context',
  inductionInit: { ...DEFAULT_INDUCTION_INIT, context: { contextOffset: 2.5, contextGain: 0.6, contextMatch: 0.6 } },
});

/**
 * The context lesson model with the Retriever's first evidence note weighed 4× in the warm start: the
 * context build copies whole notes faithfully but picks the first note about any topic ("for music, i like
 * techno now" for "what sport do i like now?"), and that choice is made on the note's first tokens.
 */
export const LESSON_EVIDENCE_RECIPE: Recipe = Object.freeze({
  ...LESSON_CONTEXT_RECIPE,
  name: 'comam-lesson-evidence',
  evidenceWeight: 4,
});

/**
 * The evidence lesson model taught by teachers that keep every stated fact and list the best note first: in
 * 200 of seed 1's training demonstrations the mixed teachers' first evidence note was about another topic
 * in 91 and the answer named another topic in 56 (the stingy Extractor teacher had dropped the note, and
 * the Retriever teacher then copied or guessed from what was left), so the warm start taught the
 * Retriever to copy notes about other topics.
 */
export const LESSON_FAITHFUL_RECIPE: Recipe = Object.freeze({
  ...LESSON_EVIDENCE_RECIPE,
  name: 'comam-lesson-faithful',
  teachers: { extractor: 'statements', retrieverOrder: 'best-first' } as const,
});

/**
 * The faithful lesson model on lesson worlds that restate the replaced preference before each change note
 * (WorldConfig.restate): on the plain lesson a copied note maps to the right option or to none (195 of 196
 * mapped answers right), so a team whose answers parse ≥ 90% answers ≥ 90% right and GRPO has little to
 * rank. Restated, a faithful copy of the older note names a wrong option: probe:teachers found the teachers
 * still map every answer and get 47–51 of 70 right (seeds 1–3).
 */
export const LESSON_RESTATED_RECIPE: Recipe = Object.freeze({
  ...LESSON_FAITHFUL_RECIPE,
  name: 'comam-lesson-restated',
  world: 'lesson-restated',
});

/**
 * The restated lesson model whose Profiler is taught by the varied teacher (teachers.ts, drawProfilerManner): the
 * eighth build (comam-lesson-restated) learned the fixed teacher's one profile per memory, two notes per
 * heading and "nothing noted" under the empty one, and at the sampling temperature it writes the same
 * profile again (probe:spread --profiler-samples 4, seed 1: in 52% of memories its four profiles all score
 * alike; 64% of its reward's spread within a group comes from which memory it read), so GRPO does not raise
 * the Profiler's reward (0.39 → 0.32 over 73 steps) although copying every note scores 0.43 against its 0.36.
 */
export const LESSON_VARIED_RECIPE: Recipe = Object.freeze({
  ...LESSON_RESTATED_RECIPE,
  name: 'comam-lesson-varied',
  teachers: { extractor: 'statements', retrieverOrder: 'best-first', profiler: 'varied' } as const,
});

/**
 * The varied lesson model on restated lesson worlds of 3, 4 and 5 sessions (corpus.ts LESSON_SESSION_COUNTS):
 * on the four-session restated lesson 80% of the questions have the replaced preference restated in their
 * evidence session (57% on three), and comam-lesson-varied answers them inside 35–65% but its Profiler and
 * Retriever parse only 65–94% (README, session 23), looping on facts that share a session only in
 * three-session worlds.
 */
export const LESSON_SESSIONS_RECIPE: Recipe = Object.freeze({
  ...LESSON_VARIED_RECIPE,
  name: 'comam-lesson-sessions',
  world: 'lesson-restated-sessions',
});

/** The lesson model's variants that `npm run build:lab-model -- --lesson --variant NAME` builds. */
export const LESSON_VARIANTS: Readonly<Record<string, Recipe>> = Object.freeze({
  context: LESSON_CONTEXT_RECIPE,
  evidence: LESSON_EVIDENCE_RECIPE,
  faithful: LESSON_FAITHFUL_RECIPE,
  restated: LESSON_RESTATED_RECIPE,
  varied: LESSON_VARIED_RECIPE,
  sessions: LESSON_SESSIONS_RECIPE,
});

/** Same pipeline, a few steps: for the determinism test (two runs → identical bytes). */
export const QUICK_RECIPE: Recipe = Object.freeze({
  ...FULL_RECIPE,
  name: 'comam-tiny-quick',
  workers: 1,
  model: { ...FULL_RECIPE.model, hidden: 32, intermediate: 64, layers: 2, heads: 2, vocabSize: 512 },
  trainWorlds: 3,
  evalWorlds: 1,
  evalQuestions: 4,
  pretrain: { ...FULL_RECIPE.pretrain, steps: 3, batchSize: 2 },
  warmStart: { ...FULL_RECIPE.warmStart, steps: 3, batchSize: 2 },
});

/** The measured wall-clock time of the build that produced each committed model's files (written into its card). */
export const RECORDED_BUILD_TIMES: Readonly<Record<string, string>> = Object.freeze({
  'comam-tiny': '45.7 min wall clock on the 2-core build machine with 2 gradient workers (the machine otherwise nearly idle), 2026-11-24',
  'comam-lesson': '26.1 min wall clock on the 2-core build machine with 2 gradient workers (a test run beside it part of the time), 2026-12-04',
  'comam-lesson-restated': '59.3 min wall clock on the 2-core build machine with 2 gradient workers (a probe run beside it for 5 minutes, its evaluation beside a benchmark), 2026-12-05',
  'comam-lesson-varied': '27.0 min wall clock on the 2-core build machine with 2 gradient workers (a benchmark beside its evaluation for the last 4 minutes), 2026-12-05',
  'comam-lesson-sessions': '33.7 min wall clock on the 2-core build machine with 2 gradient workers (three benchmarks beside its evaluation for its last 14 minutes), 2026-12-06',
});

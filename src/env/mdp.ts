// The memory MDP as pure functions: s0 = H → Extractor → s1 = M_f → Profiler → s2 = (M_f, M_c, q,
// options) → Retriever → s3 terminal with the choice. Agent outputs arrive already parsed.

import type { Context, OptionIndex, Question, Turn } from './types';

/** s0: the conversation history the Extractor reads. */
export interface S0 {
  step: 0;
  history: Turn[];
}

/** s1: the fine memory lines M_f the Profiler reads. */
export interface S1 {
  step: 1;
  memoryLines: string[];
}

/** s2: everything the Retriever reads. */
export interface S2 {
  step: 2;
  memoryLines: string[];
  profile: string;
  query: string;
  options: [string, string, string, string];
}

/** s3: terminal; `choice` is null when the Retriever gave no valid option. */
export interface S3 {
  step: 3;
  memoryLines: string[];
  profile: string;
  information: string[];
  choice: OptionIndex | null;
}

export type MdpState = S0 | S1 | S2 | S3;

/** Already-parsed agent outputs (the text parsers live with the agents). */
export type ExtractorOutput = string[];
export type ProfilerOutput = string;
export interface RetrieverOutput {
  information: string[];
  choice: OptionIndex | null;
}

/** Which history H a question is run on: training uses the evidence session, evaluation all of it (METHOD.md). */
export type HistoryMode = 'train' | 'eval';

/**
 * Which history a question is run on, as a setting: "evidence" = the session holding its evidence (the
 * paper's training choice), "full" = every turn before the question (the paper's evaluation).
 */
export const HISTORY_SCOPES = ['evidence', 'full'] as const;
export type HistoryScope = (typeof HISTORY_SCOPES)[number];

/** The HistoryMode of a scope: evidence → 'train', full → 'eval'. */
export function historyMode(scope: HistoryScope): HistoryMode {
  return scope === 'evidence' ? 'train' : 'eval';
}

/**
 * H for (context, question): in `eval` mode the turns before `endIndex`; in `train` mode the turns of
 * the question's evidence session that the question can see (all visible turns when no session is known).
 */
export function historyFor(context: Context, question: Question, mode: HistoryMode): Turn[] {
  const visible = context.turns.slice(0, question.endIndex);
  if (mode === 'eval' || question.evidenceSession === undefined) return visible;
  return visible.filter((t) => t.session === question.evidenceSession);
}

export function initialState(history: readonly Turn[]): S0 {
  return { step: 0, history: [...history] };
}

/** a0: the Extractor's memory lines become s1 (blank lines dropped, each trimmed). */
export function afterExtractor(_s0: S0, lines: ExtractorOutput): S1 {
  return { step: 1, memoryLines: lines.map((l) => l.trim()).filter((l) => l.length > 0) };
}

/** a1: the Profiler's profile joins M_f and the question to make s2. */
export function afterProfiler(s1: S1, profile: ProfilerOutput, question: Pick<Question, 'query' | 'options'>): S2 {
  return { step: 2, memoryLines: [...s1.memoryLines], profile: profile.trim(), query: question.query, options: [...question.options] };
}

/** a2: the Retriever's evidence and choice end the episode. */
export function afterRetriever(s2: S2, out: RetrieverOutput): S3 {
  return { step: 3, memoryLines: s2.memoryLines, profile: s2.profile, information: [...out.information], choice: out.choice };
}

/** r3 (Eq. 12): 1 when the choice is the correct option, else 0 (no choice scores 0). */
export function globalReward(s3: S3, question: Pick<Question, 'correct'>): 0 | 1 {
  return s3.choice === question.correct ? 1 : 0;
}

/** One full pass s0 → s3 from the three parsed outputs, keeping every state (for the stepper). */
export function rollout(history: readonly Turn[], question: Pick<Question, 'query' | 'options'>, outputs: { extractor: ExtractorOutput; profiler: ProfilerOutput; retriever: RetrieverOutput }): [S0, S1, S2, S3] {
  const s0 = initialState(history);
  const s1 = afterExtractor(s0, outputs.extractor);
  const s2 = afterProfiler(s1, outputs.profiler, question);
  return [s0, s1, s2, afterRetriever(s2, outputs.retriever)];
}

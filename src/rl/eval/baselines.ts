// The baselines that need no training, as the memory M_f each gives the Retriever: none, the most
// recent turns of H that fit a token budget, or the turns of H lexically closest to the question (RAG).

import { contentTokens } from '../../agents/match';
import { lastTurnsWithin, renderTurn, type CountTokens } from '../../env/chunk';
import type { Question, Turn } from '../../env/types';

export const BASELINES = ['no-memory', 'truncated-history', 'rag'] as const;
export type BaselineName = (typeof BASELINES)[number];

export interface BaselineOptions {
  /** Token budget of the memory for truncated-history (default 256). */
  budget: number;
  /** Turns RAG keeps (default 5). */
  topK: number;
  countTokens: CountTokens;
}

/**
 * Lexical retrieval: each turn scores the number of distinct content words it shares with the query
 * and options; the topK best (ties: the later turn) are returned in conversation order.
 * Example: query "what tea do I like", turns ["I like green tea", "the weather is nice"] → the first.
 */
export function lexicalTopK(history: readonly Turn[], question: Pick<Question, 'query' | 'options'>, k: number): Turn[] {
  const want = new Set(contentTokens([question.query, ...question.options].join(' ')));
  const scored = history.map((t, i) => ({ t, i, s: new Set(contentTokens(t.content)).size === 0 ? 0 : [...new Set(contentTokens(t.content))].filter((w) => want.has(w)).length }));
  return scored
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || b.i - a.i)
    .slice(0, k)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.t);
}

/** The memory lines a baseline hands the Retriever for (H, q). */
export function baselineMemory(name: BaselineName, history: readonly Turn[], question: Pick<Question, 'query' | 'options'>, o: BaselineOptions): string[] {
  switch (name) {
    case 'no-memory':
      return [];
    case 'truncated-history':
      return lastTurnsWithin(history, o.budget, o.countTokens).map(renderTurn);
    case 'rag':
      return lexicalTopK(history, question, o.topK).map(renderTurn);
    default: {
      const never: never = name;
      return never;
    }
  }
}

// Dataset statistics for `data inspect` and the Dataset panel: counts per question type, personas,
// contexts, and history lengths (turns and tokens) as seen by the questions and as whole contexts.

import { renderTurn, type CountTokens } from './chunk';
import { QUESTION_TYPES, type Dataset, type QuestionType } from './types';

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export interface DatasetStats {
  questions: number;
  byType: Record<QuestionType, number>;
  personas: number;
  contexts: number;
  sessions: number;
  /** Over questions: the history each question sees (turns before its end index). */
  questionHistoryTurns: Spread;
  questionHistoryTokens: Spread;
  /** Over contexts: whole histories. */
  contextTurns: Spread;
  contextTokens: Spread;
  approximateEvidence: number;
  split: { train: number; val: number };
}

function spread(values: number[]): Spread {
  if (values.length === 0) return { min: 0, median: 0, max: 0 };
  const s = [...values].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor((s.length - 1) / 2)], max: s[s.length - 1] };
}

export function datasetStats(d: Dataset, countTokens: CountTokens): DatasetStats {
  const prefix = new Map<string, number[]>();
  for (const c of d.contexts) {
    const sums = [0];
    for (const t of c.turns) sums.push(sums[sums.length - 1] + countTokens(renderTurn(t)));
    prefix.set(c.id, sums);
  }
  const byType = Object.fromEntries(QUESTION_TYPES.map((t) => [t, 0])) as Record<QuestionType, number>;
  for (const q of d.questions) byType[q.type]++;
  return {
    questions: d.questions.length,
    byType,
    personas: d.personas.length,
    contexts: d.contexts.length,
    sessions: d.contexts.reduce((n, c) => n + c.sessions.length, 0),
    questionHistoryTurns: spread(d.questions.map((q) => q.endIndex)),
    questionHistoryTokens: spread(d.questions.map((q) => prefix.get(q.contextId)?.[q.endIndex] ?? 0)),
    contextTurns: spread(d.contexts.map((c) => c.turns.length)),
    contextTokens: spread(d.contexts.map((c) => prefix.get(c.id)?.[c.turns.length] ?? 0)),
    approximateEvidence: d.questions.filter((q) => q.evidenceApproximate).length,
    split: { train: d.split.train.length, val: d.split.val.length },
  };
}

// The train/validation split: by persona when there are enough personas (no persona in both),
// else by question; deterministic in the seed. Training runs on the evidence session, validation
// on the full history (see mdp.ts historyFor).

import { fnv1a } from './rng';
import type { DatasetSplit, Question } from './types';

export interface SplitOptions {
  /** Share of questions for validation, in (0, 1). Default 0.2. */
  valFraction?: number;
  seed?: number;
}

/** Personas needed before the split goes by persona rather than by question. */
export const MIN_PERSONAS_FOR_PERSONA_SPLIT = 4;

export function splitQuestions(questions: readonly Question[], options: SplitOptions = {}): DatasetSplit {
  const valFraction = options.valFraction ?? 0.2;
  const seed = String(options.seed ?? 0);
  const personas = [...new Set(questions.map((q) => q.personaId))];
  const byPersona = personas.length >= MIN_PERSONAS_FOR_PERSONA_SPLIT;
  const keys = byPersona ? personas : questions.map((q) => q.id);
  const ordered = [...keys].sort((x, y) => (fnv1a(`${seed}:${x}`) < fnv1a(`${seed}:${y}`) ? -1 : 1));
  const target = Math.max(1, Math.round(questions.length * valFraction));
  const valKeys = new Set<string>();
  let valCount = 0;
  for (const key of ordered) {
    if (valCount >= target || valKeys.size >= keys.length - 1) break;
    valKeys.add(key);
    valCount += byPersona ? questions.filter((q) => q.personaId === key).length : 1;
  }
  const isVal = (q: Question) => valKeys.has(byPersona ? q.personaId : q.id);
  return { train: questions.filter((q) => !isVal(q)).map((q) => q.id), val: questions.filter(isVal).map((q) => q.id) };
}

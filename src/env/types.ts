// The one in-memory dataset format: what the generator and both PersonaMem importers produce.
// Everything downstream (storage, MDP, agents, trainer) reads only these types.

export type Role = 'user' | 'assistant' | 'system';

/** One conversation turn. `id` is stable: `${contextId}:${index}`. */
export interface Turn {
  id: string;
  index: number;
  role: Role;
  content: string;
  /** Index into the context's `sessions`. */
  session: number;
}

export interface Persona {
  id: string;
  name: string;
  /** Gold profile facts (synthetic worlds); empty for real PersonaMem, which has none. */
  goldProfileFacts: string[];
  /**
   * For each gold fact, the ids of the turns that state it (synthetic worlds). The Profiler's reward counts
   * only the facts a history H states: a profile written from one session cannot cover facts said in
   * another (Eq. 10 judges V(M_c, H)). Absent (or an empty list for a fact) when unknown: the fact always counts.
   */
  goldProfileFactTurns?: string[][];
}

/** A session spans turns [startTurn, endTurn) of its context. */
export interface SessionSpan {
  index: number;
  startTurn: number;
  endTurn: number;
}

export interface Context {
  id: string;
  personaId: string;
  turns: Turn[];
  sessions: SessionSpan[];
}

/** The seven PersonaMem question types, under one normalized name each (a frozen registry). */
export const QUESTION_TYPES = Object.freeze([
  'recall_user_shared_facts',
  'suggest_new_ideas',
  'acknowledge_latest_user_preferences',
  'track_full_preference_evolution',
  'revisit_reasons_behind_preference_updates',
  'provide_preference_aligned_recommendations',
  'generalize_to_new_scenarios',
] as const);

export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Every spelling the PersonaMem releases use, mapped to the normalized name. */
export const QUESTION_TYPE_ALIASES: Readonly<Record<string, QuestionType>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, QuestionType>, {
    recall_user_shared_facts: 'recall_user_shared_facts',
    recalling_facts_mentioned_by_the_user: 'recall_user_shared_facts',
    suggest_new_ideas: 'suggest_new_ideas',
    acknowledge_latest_user_preferences: 'acknowledge_latest_user_preferences',
    acknowledge_latest_user_preference: 'acknowledge_latest_user_preferences',
    track_full_preference_evolution: 'track_full_preference_evolution',
    revisit_reasons_behind_preference_updates: 'revisit_reasons_behind_preference_updates',
    recalling_the_reasons_behind_previous_updates: 'revisit_reasons_behind_preference_updates',
    provide_preference_aligned_recommendations: 'provide_preference_aligned_recommendations',
    generalize_to_new_scenarios: 'generalize_to_new_scenarios',
    generalizing_to_new_scenarios: 'generalize_to_new_scenarios',
  }),
);

/** The normalized type for any known spelling (case, spaces and dashes ignored), or undefined. */
export function normalizeQuestionType(raw: string): QuestionType | undefined {
  const key = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return QUESTION_TYPE_ALIASES[key];
}

export type OptionIndex = 0 | 1 | 2 | 3;
export const OPTION_LABELS = Object.freeze(['a', 'b', 'c', 'd'] as const);

export interface Question {
  id: string;
  personaId: string;
  contextId: string;
  type: QuestionType;
  query: string;
  options: [string, string, string, string];
  correct: OptionIndex;
  /** The question sees `context.turns.slice(0, endIndex)`. */
  endIndex: number;
  /** Gold evidence E_q as turn ids. */
  evidenceTurnIds: string[];
  /** True when E_q was derived by the importer rather than given by the data. */
  evidenceApproximate: boolean;
  /** The session that holds the evidence (training uses it as H). */
  evidenceSession?: number;
  /** The preference topic asked about, where the data names one. */
  topic?: string;
}

export type DatasetSource = 'synthetic' | 'personamem-v1' | 'personamem-v2';

export interface DatasetSplit {
  train: string[];
  val: string[];
}

export interface Dataset {
  id: string;
  name: string;
  source: DatasetSource;
  seed?: number;
  personas: Persona[];
  contexts: Context[];
  questions: Question[];
  split: DatasetSplit;
}

export function turnId(contextId: string, index: number): string {
  return `${contextId}:${index}`;
}

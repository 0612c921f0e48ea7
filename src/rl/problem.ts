// The training problem a dataset poses: for a question id, the history H the Extractor reads, the
// question, and the gold the rewards need (evidence texts, H texts, profile facts, answer).

import type { Dataset, Persona, Question, Turn } from '../env/types';
import { historyFor, type HistoryMode } from '../env/mdp';
import type { RewardGold } from './rewards';
import { TrainerSetupError } from './trainerErrors';

export interface Problem {
  question: Question;
  history: Turn[];
  gold: RewardGold;
}

/** Index a dataset's questions, contexts and personas once; `problem(id, mode)` builds one (H, q). */
export function problemsOf(dataset: Dataset): (id: string, mode: HistoryMode) => Problem {
  const questions = new Map(dataset.questions.map((q) => [q.id, q]));
  const contexts = new Map(dataset.contexts.map((c) => [c.id, c]));
  const personas = new Map(dataset.personas.map((p) => [p.id, p]));
  return (id, mode) => {
    const question = questions.get(id);
    if (!question) throw new TrainerSetupError(`Question "${id}" is not in dataset "${dataset.id}"; the split lists a question the dataset lacks. Re-import the dataset.`, { field: 'question', id });
    const context = contexts.get(question.contextId);
    if (!context) throw new TrainerSetupError(`Question "${id}" names context "${question.contextId}", which dataset "${dataset.id}" lacks.`, { field: 'contextId', id });
    const history = historyFor(context, question, mode);
    const byId = new Map(context.turns.map((t) => [t.id, t.content]));
    const facts = factsStatedIn(personas.get(question.personaId), history);
    return {
      question,
      history,
      gold: {
        evidence: question.evidenceTurnIds.map((t) => byId.get(t) ?? '').filter((t) => t !== ''),
        history: history.map((t) => t.content),
        profileFacts: facts.stated,
        profileFactsElsewhere: facts.elsewhere,
        correct: question.correct,
        options: question.options,
      },
    };
  };
}

/**
 * The persona's gold profile facts that a history states, and how many it does not: a fact counts when the
 * dataset does not say where it is stated or when one of its turns is in H (the Profiler reads a memory made
 * from H; Eq. 10 judges V(M_c, H)). Example: facts "has a goldfish" (turn 3) and "lives in nairobi" (turn 20),
 * H = session 1's turns 1–13 → stated ["has a goldfish"], elsewhere 1.
 */
export function factsStatedIn(persona: Persona | undefined, history: readonly Turn[]): { stated: string[]; elsewhere: number } {
  if (!persona) return { stated: [], elsewhere: 0 };
  const sources = persona.goldProfileFactTurns;
  if (!sources) return { stated: [...persona.goldProfileFacts], elsewhere: 0 };
  const inH = new Set(history.map((t) => t.id));
  const stated = persona.goldProfileFacts.filter((_, i) => (sources[i] ?? []).length === 0 || (sources[i] ?? []).some((id) => inH.has(id)));
  return { stated, elsewhere: persona.goldProfileFacts.length - stated.length };
}

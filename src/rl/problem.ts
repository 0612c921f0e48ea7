// The training problem a dataset poses: for a question id, the history H the Extractor reads, the
// question, and the gold the rewards need (evidence texts, H texts, profile facts, answer).

import type { Dataset, Question, Turn } from '../env/types';
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
    return {
      question,
      history,
      gold: {
        evidence: question.evidenceTurnIds.map((t) => byId.get(t) ?? '').filter((t) => t !== ''),
        history: history.map((t) => t.content),
        profileFacts: personas.get(question.personaId)?.goldProfileFacts ?? [],
        correct: question.correct,
        options: question.options,
      },
    };
  };
}

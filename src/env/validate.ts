// Whole-dataset checks before a dataset is stored: ids unique, every reference resolves, every
// question well-formed, the split a partition of the questions. Throws the first problem found.

import { DatasetReferenceError } from './errors';
import { QUESTION_TYPES, type Dataset } from './types';

export function validateDataset(d: Dataset): void {
  const file = d.name;
  const fail = (column: string, problem: string, fix: string): never => {
    throw DatasetReferenceError.at({ file, column }, problem, fix);
  };
  const unique = (kind: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) fail(`${kind}.id`, `${kind} id ${id} appears twice`, 'Give every item its own id');
      seen.add(id);
    }
    return seen;
  };
  const personas = unique('persona', d.personas.map((p) => p.id));
  unique('context', d.contexts.map((c) => c.id));
  const questionIds = unique('question', d.questions.map((q) => q.id));
  const contexts = new Map(d.contexts.map((c) => [c.id, c]));
  for (const c of d.contexts) {
    if (!personas.has(c.personaId)) fail('context.personaId', `context ${c.id} belongs to unknown persona ${c.personaId}`, 'Add the persona');
    c.turns.forEach((t, i) => {
      if (t.index !== i || t.session < 0 || t.session >= c.sessions.length) fail('turn', `turn ${t.id} has index ${t.index} / session ${t.session} out of place`, 'Rebuild the turns with buildTurns');
    });
  }
  for (const q of d.questions) {
    const c = contexts.get(q.contextId);
    if (!c) return fail('question.contextId', `question ${q.id} points at missing context ${q.contextId}`, 'Import the matching contexts');
    if (!personas.has(q.personaId)) fail('question.personaId', `question ${q.id} belongs to unknown persona ${q.personaId}`, 'Add the persona');
    if (!QUESTION_TYPES.includes(q.type)) fail('question.type', `question ${q.id} has type ${q.type}`, 'Use a normalized question type');
    if (q.options.length !== 4 || ![0, 1, 2, 3].includes(q.correct)) fail('question.options', `question ${q.id} needs four options and a correct index 0–3`, 'Fix the options');
    if (!(q.endIndex >= 1 && q.endIndex <= c.turns.length)) fail('question.endIndex', `question ${q.id} end index ${q.endIndex} is outside context ${c.id} (${c.turns.length} turns)`, 'Use an end index inside the context');
    const visible = new Set(c.turns.slice(0, q.endIndex).map((t) => t.id));
    for (const id of q.evidenceTurnIds) {
      if (!visible.has(id)) fail('question.evidenceTurnIds', `question ${q.id} cites turn ${id}, which it cannot see`, 'Cite turns before the end index');
    }
  }
  const splitIds = [...d.split.train, ...d.split.val];
  if (splitIds.length !== questionIds.size || new Set(splitIds).size !== splitIds.length || !splitIds.every((id) => questionIds.has(id))) {
    fail('split', 'the train/validation split is not a partition of the questions', 'Recompute it with splitQuestions');
  }
}

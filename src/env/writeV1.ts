// Writes a Dataset as PersonaMem v1 files: the questions CSV (official columns in order, then the
// gold columns real PersonaMem lacks) and the shared-contexts JSONL. Output is deterministic.

import Papa from 'papaparse';
import { approxTokenCount } from './tokens';
import type { Context, Dataset, Question } from './types';
import { formatAnswerLetter, labelOption, V1_COLUMNS, V1_EXTRA_COLUMNS } from './v1Format';
import { formatPythonStringList } from './pyList';

function contextText(context: Context, end: number): string {
  return context.turns
    .slice(0, end)
    .map((t) => t.content)
    .join('\n');
}

function questionRow(dataset: Dataset, q: Question, context: Context): string[] {
  const visible = contextText(context, q.endIndex);
  const firstEvidence = Math.min(...q.evidenceTurnIds.map((id) => context.turns.findIndex((t) => t.id === id)));
  const fromRef = firstEvidence >= 0 ? contextText({ ...context, turns: context.turns.slice(firstEvidence) }, q.endIndex - firstEvidence) : '';
  const lastSession = context.turns[q.endIndex - 1].session;
  const persona = dataset.personas.find((p) => p.id === q.personaId);
  const tokens = approxTokenCount(visible);
  const refTokens = approxTokenCount(fromRef);
  const values: Record<(typeof V1_COLUMNS)[number] | (typeof V1_EXTRA_COLUMNS)[number], string> = {
    persona_id: q.personaId,
    question_id: q.id,
    question_type: q.type,
    topic: q.topic ?? '',
    context_length_in_tokens: String(tokens),
    context_length_in_letters: String(visible.length),
    distance_to_ref_in_blocks: String(q.evidenceSession === undefined ? 0 : lastSession - q.evidenceSession),
    distance_to_ref_in_tokens: String(refTokens),
    num_irrelevant_tokens: '0',
    distance_to_ref_proportion_in_context: `${tokens === 0 ? '0.00' : ((100 * refTokens) / tokens).toFixed(2)}%`,
    user_question_or_message: q.query,
    correct_answer: formatAnswerLetter(q.correct),
    all_options: formatPythonStringList(q.options.map(labelOption)),
    shared_context_id: q.contextId,
    end_index_in_shared_context: String(q.endIndex),
    gold_evidence_turn_ids: JSON.stringify(q.evidenceTurnIds),
    gold_evidence_session: q.evidenceSession === undefined ? '' : String(q.evidenceSession),
    gold_profile_facts: JSON.stringify(persona?.goldProfileFacts ?? []),
    persona_name: persona?.name ?? '',
    gold_profile_fact_turns: persona?.goldProfileFactTurns === undefined ? '' : JSON.stringify(persona.goldProfileFactTurns),
  };
  return [...V1_COLUMNS, ...V1_EXTRA_COLUMNS].map((c) => values[c]);
}

export function writeQuestionsCsv(dataset: Dataset): string {
  const contexts = new Map(dataset.contexts.map((c) => [c.id, c]));
  const rows = dataset.questions.map((q) => questionRow(dataset, q, contexts.get(q.contextId) as Context));
  return `${Papa.unparse({ fields: [...V1_COLUMNS, ...V1_EXTRA_COLUMNS], data: rows }, { newline: '\n' })}\n`;
}

export function writeContextsJsonl(dataset: Dataset): string {
  return dataset.contexts.map((c) => `${JSON.stringify({ [c.id]: c.turns.map((t) => ({ role: t.role, content: t.content })) })}\n`).join('');
}

// Importer for PersonaMem-v2: `benchmark.csv` + the chat-history JSON files it links to
// (`{metadata, chat_history: [{role, content}]}`) → Dataset; options = correct + incorrect answers.

import { readCsv, type CsvRecord } from './csv';
import { CsvHeaderError, DatasetReferenceError, DatasetRowError, JsonLineError, ParseTimeoutError } from './errors';
import { checkMessages } from './jsonl';
import type { ImportOptions } from './personamemV1';
import { parsePythonStringList } from './pyList';
import { fnv1a } from './rng';
import { buildTurns } from './sessions';
import { checkSize, deadlineFrom, DEFAULT_LIMITS, withProgress, type Deadline, type ReadLimits, type SourceFile } from './source';
import { splitQuestions } from './split';
import { normalizeQuestionType, type Context, type Dataset, type OptionIndex, type Persona, type Question, type QuestionType, type Turn } from './types';

export const V2_REQUIRED = Object.freeze(['persona_id', 'user_query', 'correct_answer', 'incorrect_answers'] as const);

/** v2 has no PersonaMem-v1 question types; its questions ask for preference-aligned answers. */
export const V2_DEFAULT_TYPE: QuestionType = 'provide_preference_aligned_recommendations';

const HISTORY_COLUMN = /^chat_history(_[a-z0-9]+)*_link$/i;

const baseName = (path: string) => path.replace(/\\/g, '/').split('/').pop() ?? path;
const stem = (path: string) => baseName(path).replace(/\.json$/i, '');

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
}

/** Token-overlap F1 of two texts (the lab's unit match, METHOD.md). */
export function overlapF1(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  if (wa.length === 0 || wb.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const w of wb) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of wa) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      common++;
      counts.set(w, n - 1);
    }
  }
  if (common === 0) return 0;
  const p = common / wa.length;
  const r = common / wb.length;
  return (2 * p * r) / (p + r);
}

/**
 * Approximate E_q: user turns whose overlap F1 with the row's related snippet is at least 0.5, or
 * the single best one; without a snippet, the user turns of the last session.
 */
export function approximateV2Evidence(context: Context, snippet: string | undefined): { turnIds: string[]; session: number } {
  const users = context.turns.filter((t) => t.role === 'user');
  const pool = users.length > 0 ? users : context.turns;
  let chosen: Turn[];
  if (snippet && snippet.trim() !== '') {
    const scored = pool.map((t) => ({ t, f: overlapF1(t.content, snippet) }));
    const good = scored.filter((s) => s.f >= 0.5).map((s) => s.t);
    const best = scored.reduce((m, s) => (s.f > m.f ? s : m), scored[0]);
    chosen = good.length > 0 ? good : [best.t];
  } else {
    const last = context.sessions[context.sessions.length - 1];
    chosen = pool.filter((t) => t.session === last.index);
    if (chosen.length === 0) chosen = [pool[pool.length - 1]];
  }
  return { turnIds: chosen.map((t) => t.id), session: chosen[chosen.length - 1].session };
}

function parseAnswers(raw: string, file: string, row: number): string[] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    const py = parsePythonStringList(raw);
    value = py.ok ? py.values : undefined;
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw DatasetRowError.at({ file, row, column: 'incorrect_answers' }, 'not a list of strings', 'Write the three wrong answers as a JSON or Python list');
  }
  if (value.length !== 3) {
    throw DatasetRowError.at({ file, row, column: 'incorrect_answers' }, `${value.length} incorrect answers make ${value.length + 1} options, not 4`, 'Give exactly three incorrect answers');
  }
  return value;
}

function queryText(raw: string): string {
  try {
    const v = JSON.parse(raw) as unknown;
    if (typeof v === 'object' && v !== null && typeof (v as { content?: unknown }).content === 'string') return (v as { content: string }).content;
  } catch {
    // Plain text, not JSON: used as written.
  }
  return raw;
}

interface V2Row {
  row: number;
  question: Omit<Question, 'contextId' | 'endIndex' | 'evidenceTurnIds' | 'evidenceApproximate' | 'evidenceSession'>;
  history: string;
  snippet?: string;
}

function parseV2Row(r: CsvRecord, row: number, file: string, historyColumn: string): V2Row {
  const need = (column: string): string => {
    const v = (r[column] ?? '').trim();
    if (v === '') throw DatasetRowError.at({ file, row, column }, 'the field is empty', `Fill in ${column}`);
    return v;
  };
  const id = (r.question_id ?? '').trim() || `v2-${row}`;
  const correctText = need('correct_answer');
  const wrong = parseAnswers(need('incorrect_answers'), file, row);
  const correct = (parseInt(fnv1a(id), 16) % 4) as OptionIndex;
  const all = [...wrong];
  all.splice(correct, 0, correctText);
  const [a, b, c, d] = all;
  const rawType = (r.question_type ?? '').trim();
  const type = rawType === '' ? V2_DEFAULT_TYPE : normalizeQuestionType(rawType);
  if (!type) throw DatasetRowError.at({ file, row, column: 'question_type' }, `unknown question type ${JSON.stringify(rawType)}`, 'Use one of the seven PersonaMem question types, or leave it empty');
  const topic = (r.topic_preference ?? r.topic_query ?? r.topic ?? '').trim();
  return {
    row,
    question: { id, personaId: need('persona_id'), type, query: queryText(need('user_query')), options: [a, b, c, d], correct, ...(topic ? { topic } : {}) },
    history: need(historyColumn),
    snippet: r.related_conversation_snippet,
  };
}

async function readJsonFile(file: SourceFile, deadline: Deadline): Promise<unknown> {
  let text = '';
  for await (const chunk of file.chunks()) {
    if (deadline.expired()) throw ParseTimeoutError.of(file.name, 0, deadline.elapsedMs());
    text += chunk;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw JsonLineError.at({ file: file.name }, `invalid JSON (${err instanceof Error ? err.message : String(err)})`, 'Choose the chat-history JSON files the benchmark links to');
  }
}

export interface V2Options extends ImportOptions {
  /** Which `chat_history_*_link` column to follow; default the first in the header. */
  historyColumn?: string;
}

export async function importPersonaMemV2(files: { benchmark: SourceFile; histories: SourceFile[] }, options: V2Options = {}): Promise<Dataset> {
  const limits: ReadLimits = { ...DEFAULT_LIMITS, ...options.limits };
  for (const f of [files.benchmark, ...files.histories]) checkSize(f, limits);
  const deadline = deadlineFrom(limits, options.now);
  const bFile = files.benchmark.name;
  const rows: V2Row[] = [];
  let historyColumn = options.historyColumn;
  await readCsv(withProgress(files.benchmark, options.onProgress), { required: V2_REQUIRED, optional: [], allowExtra: true }, deadline, (record, row) => {
    if (historyColumn === undefined) {
      historyColumn = Object.keys(record).find((c) => HISTORY_COLUMN.test(c));
      if (historyColumn === undefined) throw CsvHeaderError.at({ file: bFile, row: 1, column: 'chat_history_32k_link' }, 'no chat_history_*_link column', 'Use the benchmark.csv of PersonaMem-v2, which links each row to its chat history');
    }
    if (!(historyColumn in record)) throw CsvHeaderError.at({ file: bFile, row: 1, column: historyColumn }, `no column ${historyColumn}`, 'Pick a history column the file has');
    rows.push(parseV2Row(record, row, bFile, historyColumn));
  }, options.onRowError);

  const byStem = new Map(files.histories.map((f) => [stem(f.name), f]));
  const contexts = new Map<string, Context>();
  const personas = new Map<string, Persona>();
  const questions: Question[] = [];
  for (const r of rows) {
    const key = stem(r.history);
    let context = contexts.get(key);
    if (!context) {
      const file = byStem.get(key);
      if (!file) {
        throw DatasetReferenceError.at({ file: bFile, row: r.row, column: historyColumn }, `chat history ${baseName(r.history)} was not given`, 'Add that JSON file to the import');
      }
      const json = await readJsonFile(withProgress(file, options.onProgress), deadline);
      const chat = typeof json === 'object' && json !== null ? Object.getOwnPropertyDescriptor(json, 'chat_history')?.value as unknown : undefined;
      const messages = checkMessages(chat, file.name, 1, 'chat_history');
      if (messages.length === 0) throw JsonLineError.at({ file: file.name, column: 'chat_history' }, 'the chat history is empty', 'Choose a history with at least one message');
      context = { id: key, personaId: r.question.personaId, ...buildTurns(key, messages) };
      contexts.set(key, context);
    }
    const ev = approximateV2Evidence(context, r.snippet);
    questions.push({ ...r.question, contextId: context.id, endIndex: context.turns.length, evidenceTurnIds: ev.turnIds, evidenceApproximate: true, evidenceSession: ev.session });
    if (!personas.has(r.question.personaId)) personas.set(r.question.personaId, { id: r.question.personaId, name: `Persona ${r.question.personaId}`, goldProfileFacts: [] });
  }
  const name = options.name ?? bFile;
  return {
    id: `personamem-v2-${fnv1a(`${name}:${files.benchmark.size}:${questions.length}`)}`,
    name,
    source: 'personamem-v2',
    personas: [...personas.values()],
    contexts: [...contexts.values()],
    questions,
    split: splitQuestions(questions),
  };
}

// Importer for PersonaMem v1: `questions_*.csv` + `shared_contexts_*.jsonl` → Dataset.
// Every row is validated; when the files carry no gold evidence, E_q is derived and marked approximate.

import { readCsv, type CsvRecord } from './csv';
import { DatasetReferenceError, DatasetRowError } from './errors';
import { readContextsJsonl } from './jsonl';
import { fnv1a } from './rng';
import { buildTurns } from './sessions';
import { checkSize, deadlineFrom, DEFAULT_LIMITS, withProgress, type ReadLimits, type ReadProgress, type SourceFile } from './source';
import { splitQuestions } from './split';
import { normalizeQuestionType, turnId, type Context, type Dataset, type Persona, type Question } from './types';
import { parseAnswerLetter, parseCount, parseOptionList, parseStringArray, parseStringLists, V1_COLUMNS, V1_OPTIONAL_COLUMNS } from './v1Format';

export interface ImportOptions {
  limits?: Partial<ReadLimits>;
  /** Clock for the time limit (tests). */
  now?: () => number;
  /** Dataset name shown in the UI; defaults to the questions file name. */
  name?: string;
  /** Collect row errors instead of stopping at the first (used by `data inspect`). */
  onRowError?: (err: DatasetRowError | DatasetReferenceError) => void;
  /** Called as each file is read. */
  onProgress?: (p: ReadProgress) => void;
}

/** One question row as read, before contexts are known. */
interface V1Row {
  row: number;
  question: Omit<Question, 'evidenceTurnIds' | 'evidenceApproximate' | 'evidenceSession'>;
  distanceBlocks?: number;
  goldEvidence?: string[];
  goldSession?: number;
  goldProfile?: string[];
  /** Per gold profile fact, the turn ids that state it. */
  goldProfileTurns?: string[][];
  personaName?: string;
}

/** The fact-turn lists, one per gold profile fact (the column beside them must list as many facts). */
function factTurns(lists: string[][], facts: string | undefined, file: string, row: number): string[][] {
  const n = facts === undefined ? 0 : parseStringArray(facts, file, row, 'gold_profile_facts').length;
  if (lists.length !== n) {
    throw DatasetRowError.at({ file, row, column: 'gold_profile_fact_turns' }, `lists ${lists.length} entries for ${n} gold profile facts`, 'Give one list of turn ids per gold profile fact, in the same order');
  }
  return lists;
}

export function parseV1Row(r: CsvRecord, row: number, file: string): V1Row {
  const need = (column: string): string => {
    const v = (r[column] ?? '').trim();
    if (v === '') throw DatasetRowError.at({ file, row, column }, 'the field is empty', `Fill in ${column}`);
    return v;
  };
  const rawType = need('question_type');
  const type = normalizeQuestionType(rawType);
  if (!type) {
    throw DatasetRowError.at({ file, row, column: 'question_type' }, `unknown question type ${JSON.stringify(rawType)}`, 'Use one of the seven PersonaMem question types');
  }
  const optional = (column: string) => {
    const v = r[column];
    return v === undefined || v.trim() === '' ? undefined : v;
  };
  const distance = optional('distance_to_ref_in_blocks');
  const goldEvidence = optional('gold_evidence_turn_ids');
  const goldSession = optional('gold_evidence_session');
  const goldProfile = optional('gold_profile_facts');
  const goldProfileTurns = optional('gold_profile_fact_turns');
  return {
    row,
    question: {
      id: need('question_id'),
      personaId: need('persona_id'),
      contextId: need('shared_context_id'),
      type,
      query: need('user_question_or_message'),
      options: parseOptionList(need('all_options'), file, row, 'all_options'),
      correct: parseAnswerLetter(r.correct_answer ?? '', file, row, 'correct_answer'),
      endIndex: parseCount(r.end_index_in_shared_context ?? '', file, row, 'end_index_in_shared_context'),
      ...(optional('topic') !== undefined ? { topic: (r.topic ?? '').trim() } : {}),
    },
    distanceBlocks: distance === undefined ? undefined : parseCount(distance, file, row, 'distance_to_ref_in_blocks'),
    goldEvidence: goldEvidence === undefined ? undefined : parseStringArray(goldEvidence, file, row, 'gold_evidence_turn_ids'),
    goldSession: goldSession === undefined ? undefined : parseCount(goldSession, file, row, 'gold_evidence_session'),
    goldProfile: goldProfile === undefined ? undefined : parseStringArray(goldProfile, file, row, 'gold_profile_facts'),
    goldProfileTurns: goldProfileTurns === undefined ? undefined : factTurns(parseStringLists(goldProfileTurns, file, row, 'gold_profile_fact_turns'), goldProfile, file, row),
    personaName: optional('persona_name'),
  };
}

/**
 * Approximate E_q when the data has none: the session `distanceBlocks` sessions before the one
 * holding the question's last visible turn (PersonaMem's distance_to_ref_in_blocks), and within it
 * the user turns the question can see. Without a distance, the last visible session.
 */
export function approximateEvidence(context: Context, endIndex: number, distanceBlocks: number | undefined): { turnIds: string[]; session: number } {
  const lastVisible = Math.max(0, endIndex - 1);
  const endSession = context.turns[lastVisible]?.session ?? 0;
  const session = Math.max(0, endSession - (distanceBlocks ?? 0));
  const span = context.sessions[session];
  const visible = context.turns.slice(span.startTurn, Math.min(span.endTurn, endIndex));
  const user = visible.filter((t) => t.role === 'user');
  return { turnIds: (user.length > 0 ? user : visible).map((t) => t.id), session };
}

function resolveEvidence(r: V1Row, context: Context, file: string): Pick<Question, 'evidenceTurnIds' | 'evidenceApproximate' | 'evidenceSession'> {
  if (r.goldEvidence === undefined) {
    const approx = approximateEvidence(context, r.question.endIndex, r.distanceBlocks);
    return { evidenceTurnIds: approx.turnIds, evidenceApproximate: true, evidenceSession: approx.session };
  }
  const byId = new Map(context.turns.map((t) => [t.id, t]));
  for (const id of r.goldEvidence) {
    const turn = byId.get(id);
    if (!turn || turn.index >= r.question.endIndex) {
      throw DatasetReferenceError.at({ file, row: r.row, column: 'gold_evidence_turn_ids' }, `evidence turn ${id} is not in the part of context ${context.id} the question sees`, `Use turn ids ${turnId(context.id, 0)} … ${turnId(context.id, r.question.endIndex - 1)}`);
    }
  }
  const session = r.goldSession ?? (r.goldEvidence.length > 0 ? byId.get(r.goldEvidence[0])?.session : undefined);
  return { evidenceTurnIds: r.goldEvidence, evidenceApproximate: false, ...(session !== undefined ? { evidenceSession: session } : {}) };
}

export interface V1ReadResult {
  dataset: Dataset;
  /** Contexts in the JSONL, referenced or not. */
  contextsSeen: number;
}

export async function importPersonaMemV1(files: { questions: SourceFile; contexts: SourceFile }, options: ImportOptions = {}): Promise<V1ReadResult> {
  const limits: ReadLimits = { ...DEFAULT_LIMITS, ...options.limits };
  checkSize(files.questions, limits);
  checkSize(files.contexts, limits);
  const deadline = deadlineFrom(limits, options.now);
  const qFile = files.questions.name;

  const rows: V1Row[] = [];
  const ids = new Set<string>();
  await readCsv(
    withProgress(files.questions, options.onProgress),
    { required: V1_COLUMNS, optional: V1_OPTIONAL_COLUMNS, allowExtra: false },
    deadline,
    (record, row) => {
      const parsed = parseV1Row(record, row, qFile);
      if (ids.has(parsed.question.id)) {
        throw DatasetRowError.at({ file: qFile, row, column: 'question_id' }, `question id ${parsed.question.id} appears twice`, 'Give every question its own id');
      }
      ids.add(parsed.question.id);
      rows.push(parsed);
    },
    options.onRowError,
  );

  const wanted = new Set(rows.map((r) => r.question.contextId));
  const { contexts: raw, seen } = await readContextsJsonl(withProgress(files.contexts, options.onProgress), deadline, (id) => wanted.has(id));

  const contexts = new Map<string, Context>();
  const personas = new Map<string, Persona>();
  const questions: Question[] = [];
  for (const r of rows) {
    const q = r.question;
    try {
      const entry = raw.get(q.contextId);
      if (!entry) {
        throw DatasetReferenceError.at({ file: qFile, row: r.row, column: 'shared_context_id' }, `context ${q.contextId} is not in ${files.contexts.name}`, 'Import the contexts file that belongs to these questions');
      }
      let context = contexts.get(q.contextId);
      if (!context) {
        context = { id: q.contextId, personaId: q.personaId, ...buildTurns(q.contextId, entry.messages) };
        contexts.set(q.contextId, context);
      }
      if (q.endIndex > context.turns.length || q.endIndex === 0) {
        throw DatasetReferenceError.at({ file: qFile, row: r.row, column: 'end_index_in_shared_context' }, `end index ${q.endIndex} is outside context ${q.contextId}, which has ${context.turns.length} turns`, `Use an end index from 1 to ${context.turns.length}`);
      }
      questions.push({ ...q, ...resolveEvidence(r, context, qFile) });
      const persona = personas.get(q.personaId);
      if (!persona) {
        personas.set(q.personaId, {
          id: q.personaId,
          name: r.personaName ?? `Persona ${q.personaId}`,
          goldProfileFacts: r.goldProfile ?? [],
          ...(r.goldProfileTurns === undefined ? {} : { goldProfileFactTurns: r.goldProfileTurns }),
        });
      }
    } catch (err) {
      if (options.onRowError && err instanceof DatasetReferenceError) options.onRowError(err);
      else throw err;
    }
  }

  const name = options.name ?? qFile;
  const dataset: Dataset = {
    id: `personamem-v1-${fnv1a(`${name}:${files.questions.size}:${files.contexts.size}:${questions.length}`)}`,
    name,
    source: 'personamem-v1',
    personas: [...personas.values()],
    contexts: [...contexts.values()],
    questions,
    split: splitQuestions(questions),
  };
  return { dataset, contextsSeen: seen };
}

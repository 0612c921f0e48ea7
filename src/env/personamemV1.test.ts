import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvHeaderError, DatasetReferenceError, DatasetRowError, FileTooLargeError, JsonLineError, ParseTimeoutError } from './errors';
import { nodeFileSource } from './nodeSource';
import { importPersonaMemV1 } from './personamemV1';
import { stringSource, type SourceFile } from './source';
import { contextsFor, FIXTURE_QUESTIONS } from './testSupport';
import { QUESTION_TYPES } from './types';
import { V1_COLUMNS } from './v1Format';

const fixture = readFileSync(FIXTURE_QUESTIONS, 'utf8');
const fixtureContexts = contextsFor(fixture);

const HEADER = V1_COLUMNS.join(',');
function row(over: Partial<Record<(typeof V1_COLUMNS)[number], string>> = {}): string {
  const v: Record<string, string> = {
    persona_id: '0', question_id: 'q1', question_type: 'recalling_facts_mentioned_by_the_user', topic: 'music', context_length_in_tokens: '10',
    context_length_in_letters: '40', distance_to_ref_in_blocks: '0', distance_to_ref_in_tokens: '5', num_irrelevant_tokens: '0',
    distance_to_ref_proportion_in_context: '50%', user_question_or_message: 'What do I like?', correct_answer: '(b)',
    all_options: `"['(a) one', ""(b) it's two, [really]"", '(c) three', '(d) four']"`, shared_context_id: 'c1', end_index_in_shared_context: '3', ...over,
  };
  return V1_COLUMNS.map((c) => v[c]).join(',');
}
const CONTEXTS = `${JSON.stringify({ c1: [{ role: 'system', content: 's' }, { role: 'user', content: 'I like two' }, { role: 'assistant', content: 'ok' }] })}\n`;

function imp(csv: string, jsonl = CONTEXTS) {
  return importPersonaMemV1({ questions: stringSource('q.csv', csv, 7), contexts: stringSource('c.jsonl', jsonl, 11) });
}

describe('importPersonaMemV1 on the real 32k questions', () => {
  it('imports 589 questions with the seven types normalized, four options each and every answer resolved', async () => {
    const { dataset } = await importPersonaMemV1({ questions: nodeFileSource(FIXTURE_QUESTIONS), contexts: stringSource('shared_contexts_32k.jsonl', fixtureContexts) });
    expect(dataset.questions).toHaveLength(589);
    expect(new Set(dataset.questions.map((q) => q.type))).toEqual(new Set(QUESTION_TYPES.filter((t) => t !== 'acknowledge_latest_user_preferences')));
    const counts = Object.fromEntries(QUESTION_TYPES.map((t) => [t, dataset.questions.filter((q) => q.type === t).length]));
    expect(counts.recall_user_shared_facts).toBe(129 + 17);
    expect(counts.revisit_reasons_behind_preference_updates).toBe(99);
    expect(counts.generalize_to_new_scenarios).toBe(57);
    for (const q of dataset.questions) {
      expect(q.options).toHaveLength(4);
      expect(q.options.every((o) => o.length > 0 && !/^\([a-d]\)/.test(o))).toBe(true);
      expect([0, 1, 2, 3]).toContain(q.correct);
      expect(q.evidenceApproximate).toBe(true);
      expect(q.evidenceTurnIds.length).toBeGreaterThan(0);
    }
    expect(dataset.personas).toHaveLength(20);
    expect(dataset.contexts).toHaveLength(37);
    const first = dataset.questions[0];
    expect(first.correct).toBe(2);
    expect(first.options[2]).toBe("It's great to see such innovative approaches in music. Since you like producing music with software, this must have been quite interesting to experience.");
    expect(dataset.split.train.length + dataset.split.val.length).toBe(589);
  });
  it('reads the same file with CRLF line ends', async () => {
    const crlf = fixture.replace(/\r?\n/g, '\r\n');
    const { dataset } = await importPersonaMemV1({ questions: stringSource('crlf.csv', crlf), contexts: stringSource('c.jsonl', fixtureContexts) });
    expect(dataset.questions).toHaveLength(589);
  });
});

describe('importPersonaMemV1 evidence', () => {
  it('derives approximate evidence from distance_to_ref_in_blocks: user turns of that earlier session', async () => {
    const ctx = JSON.stringify({ c1: ['system', 'user', 'assistant', 'system', 'user', 'assistant', 'user'].map((role, i) => ({ role, content: `t${i}` })) });
    const { dataset } = await imp(`${HEADER}\n${row({ distance_to_ref_in_blocks: '1', end_index_in_shared_context: '6' })}\n`, ctx);
    expect(dataset.questions[0]).toMatchObject({ evidenceTurnIds: ['c1:1'], evidenceSession: 0, evidenceApproximate: true });
    expect(dataset.contexts[0].sessions).toEqual([{ index: 0, startTurn: 0, endTurn: 3 }, { index: 1, startTurn: 3, endTurn: 7 }]);
  });
});

describe('importPersonaMemV1 bad input: a named error with file, row and column, and no dataset', () => {
  const cases: [string, () => Promise<unknown>, new (...a: never[]) => Error, RegExp][] = [
    ['a missing column', () => imp(`${HEADER.replace(',topic', '')}\n`), CsvHeaderError, /q\.csv, row 1, column "topic": missing column topic/],
    ['an extra column', () => imp(`${HEADER},bonus\n${row()},1\n`), CsvHeaderError, /column "bonus": unexpected column bonus/],
    ['a __proto__ header', () => imp(`${HEADER},__proto__\n${row()},1\n`), CsvHeaderError, /column "__proto__"/],
    ['a constructor header', () => imp(`constructor,${HEADER}\n1,${row()}\n`), CsvHeaderError, /column "constructor"/],
    ['an unclosed quote', () => imp(`${HEADER}\n${row({ user_question_or_message: '"never closed' })}\n`), DatasetRowError, /q\.csv, row 2: a quoted field is not closed/],
    ['three options', () => imp(`${HEADER}\n${row({ all_options: `"['a', 'b', 'c']"` })}\n`), DatasetRowError, /row 2, column "all_options": the option list has 3 options, not 4/],
    ['an option list that is not a list', () => imp(`${HEADER}\n${row({ all_options: `"['a', 'b'"` })}\n`), DatasetRowError, /column "all_options": the option list is not a Python list/],
    ['an answer outside (a)-(d)', () => imp(`${HEADER}\n${row({ correct_answer: '(e)' })}\n`), DatasetRowError, /row 2, column "correct_answer": correct answer "\(e\)"/],
    ['an unknown question type', () => imp(`${HEADER}\n${row({ question_type: 'guess_my_age' })}\n`), DatasetRowError, /column "question_type": unknown question type/],
    ['an end index past the context', () => imp(`${HEADER}\n${row({ end_index_in_shared_context: '4' })}\n`), DatasetReferenceError, /row 2, column "end_index_in_shared_context": end index 4 is outside context c1, which has 3 turns/],
    ['a context id with no context', () => imp(`${HEADER}\n${row({ shared_context_id: 'nowhere' })}\n`), DatasetReferenceError, /row 2, column "shared_context_id": context nowhere is not in c\.jsonl/],
    ['an invalid JSON line', () => imp(`${HEADER}\n${row()}\n`, `${CONTEXTS}{"c2": [\n`), JsonLineError, /c\.jsonl, row 2: invalid JSON/],
    ['a JSON line with a bad role', () => imp(`${HEADER}\n${row()}\n`, `{"c1": [{"role": "bot", "content": "x"}]}\n`), JsonLineError, /c\.jsonl, row 1, column "c1\[0\]\.role"/],
    ['a duplicate question id', () => imp(`${HEADER}\n${row()}\n${row()}\n`), DatasetRowError, /row 3, column "question_id": question id q1 appears twice/],
    ['fact turns that are not lists', () => imp(`${HEADER},gold_profile_facts,gold_profile_fact_turns\n${row()},"[""likes two""]","[""c1:1""]"\n`), DatasetRowError, /column "gold_profile_fact_turns": not a JSON array of arrays of strings/],
    ['fewer fact-turn lists than facts', () => imp(`${HEADER},gold_profile_facts,gold_profile_fact_turns\n${row()},"[""likes two"", ""lives here""]","[[""c1:1""]]"\n`), DatasetRowError, /column "gold_profile_fact_turns": lists 1 entries for 2 gold profile facts/],
  ];
  for (const [name, run, cls, message] of cases) {
    it(name, async () => {
      const p = run();
      await expect(p).rejects.toThrow(cls);
      await expect(p).rejects.toThrow(message);
    });
  }
  it('a 2 GB file is refused before a byte is read', async () => {
    let read = false;
    const huge: SourceFile = { name: 'questions_1M.csv', size: 2 * 2 ** 30, chunks: () => { read = true; throw new Error('must not read'); } };
    const started = Date.now();
    const p = importPersonaMemV1({ questions: huge, contexts: stringSource('c.jsonl', CONTEXTS) });
    await expect(p).rejects.toThrow(FileTooLargeError);
    await expect(p).rejects.toThrow(/questions_1M\.csv: 2048 MiB is over the import limit of 1024 MiB/);
    expect(read).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
  it('a parse over its time limit stops with ParseTimeoutError', async () => {
    let t = 0;
    const p = importPersonaMemV1({ questions: stringSource('q.csv', fixture), contexts: stringSource('c.jsonl', fixtureContexts) }, { limits: { timeoutMs: 1000 }, now: () => (t += 10) });
    await expect(p).rejects.toThrow(ParseTimeoutError);
  });
  it('a contexts file that takes too long stops in the JSONL reader, naming its line', async () => {
    let t = 0;
    const many = Array.from({ length: 300 }, (_, i) => JSON.stringify({ [`x${i}`]: [] })).join('\n');
    const p = importPersonaMemV1({ questions: stringSource('q.csv', `${HEADER}\n${row()}\n`), contexts: stringSource('c.jsonl', `${CONTEXTS}${many}\n`) }, { limits: { timeoutMs: 100 }, now: () => (t += 1) });
    await expect(p).rejects.toThrow(ParseTimeoutError);
    await expect(p).rejects.toThrow(/^c\.jsonl: parsing stopped at row \d+/);
  });
  it('treats __proto__ as an ordinary context id and pollutes nothing', async () => {
    const ctx = `{"__proto__": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}\n`;
    const { dataset } = await imp(`${HEADER}\n${row({ shared_context_id: '__proto__', end_index_in_shared_context: '2' })}\n`, ctx);
    expect(dataset.contexts[0].id).toBe('__proto__');
    expect(dataset.questions[0].evidenceTurnIds).toEqual(['__proto__:0']);
    expect(({} as Record<string, unknown>)[0]).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
  it('collects every invalid row when onRowError is given', async () => {
    const errors: string[] = [];
    const csv = `${HEADER}\n${row({ correct_answer: 'x' })}\n${row({ question_id: 'q2' })}\n${row({ question_id: 'q3', all_options: "[]" })}\n${row({ question_id: 'q4', end_index_in_shared_context: '99' })}\n`;
    const { dataset } = await importPersonaMemV1({ questions: stringSource('q.csv', csv), contexts: stringSource('c.jsonl', CONTEXTS) }, { onRowError: (e) => errors.push(e.message) });
    expect(dataset.questions.map((q) => q.id)).toEqual(['q2']);
    expect(errors).toEqual([expect.stringMatching(/row 2, column "correct_answer"/), expect.stringMatching(/row 4, column "all_options"/), expect.stringMatching(/row 5, column "end_index_in_shared_context"/)]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseExtractor } from '../agents/extractor/parse';
import { parseProfiler } from '../agents/profiler/parse';
import { parseRetriever } from '../agents/retriever/parse';
import { Rng } from '../model/rng';
import { copyDocuments, demonstrations, evalWorld, labSessionCounts, trainWorld, TRAIN_SEED_BASE, EVAL_SEED_BASE } from './corpus';
import { drawProfilerManner, extractorText, FIXED_PROFILER, retrieverText, shorten, teacherAnswerNote, teacherAnswerText, teachExtractor, teachProfiler, teachRetriever, type TeacherStyle } from '../agents/teachers';
import { scoreRubric } from '../judge/rubric';
import type { Turn } from '../env/types';

const turn = (index: number, role: Turn['role'], content: string): Turn => ({ id: `c:${index}`, index, role, content, session: 0 });

describe('teachers', () => {
  it('shorten keeps the first words and drops trailing punctuation', () => {
    expect(shorten('I live in Osaka, near the river.', 4)).toBe('I live in Osaka');
  });

  it('the extractor keeps only some user turns, or adds assistant turns, depending on its seeded mood', () => {
    const history = Array.from({ length: 20 }, (_, i) => turn(i, i % 2 === 0 ? 'user' : 'assistant', `line number ${i} here`));
    const outputs = Array.from({ length: 20 }, (_, s) => teachExtractor(history, new Rng(s)));
    const users = history.filter((t) => t.role === 'user').length;
    expect(outputs.some((o) => o.length < users)).toBe(true);
    expect(outputs.some((o) => o.some((l) => /number \d*[13579] /.test(l)))).toBe(true);
    for (const o of outputs) expect(parseExtractor(extractorText(o)).formatOk).toBe(true);
  });

  it('the profiler files notes under headings by keywords, and its output parses', () => {
    const text = teachProfiler(['I live in Osaka', "I'm really into jazz right now", 'I go running every morning']);
    expect(text).toContain('Situations:\n- I live in Osaka');
    expect(text).toContain('Behaviour patterns:\n- I go running every morning');
    expect(text).toContain("Preferences:\n- I'm really into jazz right now");
    expect(parseProfiler(text).formatOk).toBe(true);
  });

  it('the varied profiler teacher writes many profiles of one memory, and the rubric ranks them: more notes and no filler score higher', () => {
    const memory = ['my pet is a rabbit', 'at home my family is my younger sister', 'for food, i like sichuan now', 'for books, i like poetry now', 'for food, i switched to italian because i traveled and tasted it'];
    const history = memory.map((m) => `${m}.`);
    const goldFacts = ['Noor has a rabbit as a pet.', 'Noor lives with my younger sister.', 'Noor liked poetry (books).', 'Noor switched from sichuan to italian because i traveled and tasted it.', 'Noor now likes italian (food).'];
    const manners = Array.from({ length: 60 }, (_, s) => drawProfilerManner(new Rng(s)));
    expect(new Set(manners.map((m) => m.perHeading))).toEqual(new Set([1, 2, 3, 4]));
    expect(new Set(manners.map((m) => m.words))).toEqual(new Set([6, 10, 16]));
    expect(new Set(manners.map((m) => m.filler))).toEqual(new Set([true, false]));
    const texts = new Set(manners.map((m) => teachProfiler(memory, m)));
    expect(texts.size).toBeGreaterThan(8);
    for (const t of texts) expect(parseProfiler(t).formatOk).toBe(true);
    // The fixed teacher is the default manner; the fullest varied manner keeps every preference note whole and writes no "nothing noted".
    expect(teachProfiler(memory)).toBe(teachProfiler(memory, FIXED_PROFILER));
    const full = teachProfiler(memory, { perHeading: 4, words: 16, filler: false });
    expect(full).not.toContain('nothing noted');
    expect(full).toContain('- for food, i switched to italian because i traveled and tasted it');
    const r1 = (profile: string) => scoreRubric({ profile: parseProfiler(profile).value.text, history, goldFacts }).score;
    expect(r1(full)).toBeGreaterThan(r1(teachProfiler(memory)) + 0.05);
    expect(r1(teachProfiler(memory, { perHeading: 1, words: 6, filler: true }))).toBeLessThan(r1(teachProfiler(memory)));
    // A memory with nothing to file still gives a profile that parses.
    expect(parseProfiler(teachProfiler([], { perHeading: 2, words: 10, filler: false })).formatOk).toBe(true);
  });

  it('the retriever picks the lexically closest notes and the option sharing most words with them', () => {
    const got = teachRetriever(['I have a dog named Rex', 'I live in Osaka', 'weather talk'], 'Which city do I live in?', ['You live in Denver.', 'You live in Osaka.', 'Lisbon.', 'Rome.']);
    expect(got.information).toContain('I live in Osaka');
    expect(got.choice).toBe(1);
    const parsed = parseRetriever(retrieverText(got.information, got.choice));
    expect(parsed.formatOk).toBe(true);
    expect(parsed.value.choice).toBe(1);
  });

  it('in the text format the retriever writes the option words its evidence holds, which map back to that option', () => {
    const options = ['Try a live set at a small jazz club.', 'Try a hip-hop open mic.', 'Try a symphony evening.', 'Try an indie folk show.'];
    expect(teacherAnswerText(options, 0, ['now I like jazz'])).toBe('jazz');
    // No evidence word in the option: the whole option.
    expect(teacherAnswerText(options, 2, ['now I like jazz'])).toBe('Try a symphony evening.');
    const text = retrieverText(['now I like jazz'], 0, 'text', options);
    expect(text).toBe('<information>\n- now I like jazz\n</information>\n<final_answer>now I like jazz</final_answer>');
    expect(parseRetriever(text, { format: 'text', options }).value.choice).toBe(0);
  });

  it('in the text format the retriever copies the evidence note that maps to its choice as its answer', () => {
    const options = ['a rabbit', 'two cats', 'a beagle', 'a goldfish'];
    expect(teacherAnswerNote(options, 1, ['my job is nurse', 'my pet is two cats'])).toBe('my pet is two cats');
    // No note maps to the choice: the option words its evidence holds, or the option.
    expect(teacherAnswerNote(options, 3, ['my job is nurse'])).toBe('a goldfish');
  });
  it('the retriever breaks ties between options at random, so its letters carry no position bias', () => {
    const options = ['You live in Denver.', 'You live in Lisbon.', 'You live in Osaka.', 'You live in Nairobi.'];
    // No option word in memory: all four tie, and the tie-break spreads the answer over every letter.
    const picks = [0, 0.3, 0.6, 0.9].map((u) => teachRetriever(['weather talk'], 'Which city do I live in?', options, u).choice);
    expect(picks).toEqual([0, 1, 2, 3]);
    // A unique best option is chosen whatever the tie-break.
    for (const u of [0, 0.5, 0.99]) expect(teachRetriever(['I live in Osaka'], 'Which city do I live in?', options, u).choice).toBe(2);
    expect(() => teachRetriever([], 'q', options, 1)).toThrow(RangeError);
    const letters = [0, 0, 0, 0];
    for (const d of demonstrations(trainWorld(1), 3).filter((x) => x.agent === 'retriever')) letters[(parseRetriever(d.completion).value.choice ?? 0) as number] += 1;
    const total = letters.reduce((a, b) => a + b, 0);
    for (const n of letters) expect(n / total).toBeLessThan(0.4);
  });

  it('the statements extractor keeps every user statement and, drawing the same numbers, every line the mixed one keeps', () => {
    const history = Array.from({ length: 20 }, (_, i) => turn(i, i % 2 === 0 ? 'user' : 'assistant', i % 4 === 0 ? `is line ${i} a question?` : `line number ${i} here.`));
    const statements = history.filter((t) => t.role === 'user' && !t.content.endsWith('?')).map((t) => shorten(t.content, 16));
    let droppedQuestion = false;
    for (let s = 0; s < 20; s++) {
      const mixed = teachExtractor(history, new Rng(s));
      const kept = teachExtractor(history, new Rng(s), 'statements');
      for (const line of [...statements, ...mixed]) expect(kept).toContain(line);
      expect(kept.filter((l) => !statements.includes(l))).toEqual(mixed.filter((l) => !statements.includes(l)));
      droppedQuestion ||= kept.length < history.length / 2;
    }
    expect(droppedQuestion).toBe(true);
  });

  it('best-first evidence puts the line sharing most words first (ties: the later line); memory order is the default', () => {
    const options = ['osaka', 'denver', 'lisbon', 'toronto'];
    const ask = (memory: string[], order?: TeacherStyle['retrieverOrder']) => teachRetriever(memory, 'which city is my home?', options, 0, order).information;
    // Scores 1 (denver) and 3 (home, city, osaka): memory order keeps denver first, best-first does not.
    expect(ask(['i moved to denver', 'my home city is osaka'])).toEqual(['i moved to denver', 'my home city is osaka']);
    expect(ask(['i moved to denver', 'my home city is osaka'], 'best-first')).toEqual(['my home city is osaka', 'i moved to denver']);
    // Two lines tie at the top: memory order keeps the earlier first, best-first the later.
    const tied = ['my home city is osaka', 'my job is nurse', 'i moved to denver', 'my home city is denver'];
    expect(ask(tied)).toEqual([tied[0], tied[3]]);
    expect(ask(tied, 'best-first')).toEqual([tied[3], tied[0]]);
  });

  it('on lesson worlds the mixed teachers often lead with a note about another topic; faithful ones never, and answer with their first note', () => {
    const faithful: TeacherStyle = { extractor: 'statements', retrieverOrder: 'best-first' };
    const world = trainWorld(0, 'lesson');
    const topicOf = new Map(world.questions.map((q) => [q.query, q.topic ?? '']));
    const offTopic = (style?: TeacherStyle) => {
      const demos = demonstrations(world, 5, 'text', style).filter((d) => d.agent === 'retriever');
      let first = 0;
      let answerNotFirst = 0;
      for (const d of demos) {
        const query = /User message: (.+)/.exec(d.prompt)?.[1] ?? '';
        const lines = /<information>\n([^]*?)\n<\/information>/.exec(d.completion)?.[1].split('\n') ?? [];
        const answer = /<final_answer>(.*)<\/final_answer>/.exec(d.completion)?.[1] ?? '';
        if (!lines[0]?.includes(topicOf.get(query) ?? '?')) first += 1;
        if (`- ${answer}` !== lines[0]) answerNotFirst += 1;
      }
      return { first: first / demos.length, answerNotFirst: answerNotFirst / demos.length };
    };
    const mixed = offTopic();
    const taught = offTopic(faithful);
    expect(mixed.first).toBeGreaterThan(0.25);
    expect(taught.first).toBe(0);
    expect(taught.answerNotFirst).toBeLessThan(0.1);
    expect(mixed.answerNotFirst).toBeGreaterThan(0.25);
  });

  it('demonstrations cover all three agents and training and evaluation worlds use disjoint seeds', () => {
    const demos = demonstrations(trainWorld(0), 1);
    expect(new Set(demos.map((d) => d.agent))).toEqual(new Set(['extractor', 'profiler', 'retriever']));
    expect(trainWorld(0).seed).toBe(TRAIN_SEED_BASE);
    expect(evalWorld(0).seed).toBe(EVAL_SEED_BASE);
    expect(EVAL_SEED_BASE).toBeGreaterThan(TRAIN_SEED_BASE + 10_000);
  });
  it('the sessions kind cycles its worlds through 3, 4 and 5 restated sessions, so facts change company', () => {
    const sessions = (w: ReturnType<typeof trainWorld>) => w.contexts[0].sessions.length;
    expect([0, 1, 2, 3].map((i) => sessions(trainWorld(i, 'lesson-restated-sessions')))).toEqual([3, 4, 5, 3]);
    expect([0, 1].map((i) => sessions(evalWorld(i, 'lesson-restated-sessions')))).toEqual([3, 4]);
    expect(sessions(trainWorld(1, 'lesson-restated'))).toBe(3);
    expect(labSessionCounts('lesson-restated-sessions')).toEqual([3, 4, 5]);
    expect(labSessionCounts('lesson-restated')).toEqual([3]);
    const world = trainWorld(1, 'lesson-restated-sessions');
    expect(world.contexts[0].turns.some((t) => / now because /.test(t.content))).toBe(true);
    // "my pet is …" and "at home my family is …" share a session on three sessions, not on four.
    const sessionOf = (w: ReturnType<typeof trainWorld>, start: string) => w.contexts[0].turns.find((t) => t.content.startsWith(start))?.session;
    const three = trainWorld(0, 'lesson-restated-sessions');
    expect(sessionOf(three, 'my pet is')).toBe(sessionOf(three, 'at home my family is'));
    expect(sessionOf(world, 'my pet is')).not.toBe(sessionOf(world, 'at home my family is'));
  });
  it('copy documents repeat a seeded run of the corpus words, so the repeat is predictable only by copying', () => {
    const docs = copyDocuments(['my job is nurse.', 'for music, i like jazz now.'], 50, 3);
    expect(docs).toEqual(copyDocuments(['my job is nurse.', 'for music, i like jazz now.'], 50, 3));
    for (const d of docs) {
      const m = /^remember: (.+)\nrepeat: (.+)$/.exec(d);
      expect(m?.[1]).toBe(m?.[2]);
      const words = m?.[1].split(' ') ?? [];
      expect(words.length).toBeGreaterThanOrEqual(6);
      expect(words.length).toBeLessThanOrEqual(24);
      for (const w of words) expect(['my', 'job', 'is', 'for', 'like', 'jazz', 'now']).toContain(w);
    }
    expect(copyDocuments([], 5, 1)).toEqual([]);
  });
});

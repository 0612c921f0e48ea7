// The lesson world: reproducible, a validation split big enough to show 10 points, and every answer
// grounded in one evidence turn that shares the question's key word and holds the answer's own words.
import { describe, expect, it } from 'vitest';
import { contentTokens } from '../agents/match';
import { generateWorld } from './generator';
import { LESSON_QUESTION_TYPES } from './lessonGenerator';
import { WORLD_PRESETS } from './worldConfig';

const lesson = (seed: number) => generateWorld({ ...WORLD_PRESETS.lesson, seed });

describe('lesson world', () => {
  it('is reproducible from its seed', () => {
    expect(lesson(7)).toEqual(lesson(7));
    expect(lesson(8).contexts[0].turns).not.toEqual(lesson(7).contexts[0].turns);
    expect(lesson(7).id).toMatch(/^lesson-7-/);
  });

  it('holds ≥ 60 validation questions over ≥ 4 personas for each bench seed', () => {
    for (const seed of [1, 2, 3]) {
      const w = lesson(seed);
      const val = w.questions.filter((q) => w.split.val.includes(q.id));
      expect(val.length).toBeGreaterThanOrEqual(60);
      expect(new Set(val.map((q) => q.personaId)).size).toBeGreaterThanOrEqual(4);
      expect(new Set(w.questions.map((q) => q.type))).toEqual(new Set(LESSON_QUESTION_TYPES));
    }
  });

  it('grounds every answer in its evidence turn: the key word of the question and a word only the right option has', () => {
    const restated = (seed: number) => generateWorld({ ...WORLD_PRESETS.lesson, seed, restate: true });
    for (const w of [1, 2, 3].flatMap((seed) => [lesson(seed), restated(seed)])) for (const q of w.questions) {
      const context = w.contexts.find((c) => c.id === q.contextId)!;
      expect(q.evidenceTurnIds).toHaveLength(1);
      const turn = context.turns.find((t) => t.id === q.evidenceTurnIds[0])!;
      expect(turn.role).toBe('user');
      expect(turn.session).toBe(q.evidenceSession);
      const said = new Set(contentTokens(turn.content));
      expect(contentTokens(q.query).some((t) => said.has(t))).toBe(true);
      const others = new Set(q.options.filter((_, i) => i !== q.correct).flatMap(contentTokens));
      const own = contentTokens(q.options[q.correct]).filter((t) => !others.has(t));
      expect(own.some((t) => said.has(t)), `${q.query} → ${q.options[q.correct]} vs "${turn.content}"`).toBe(true);
    }
  });

  it('keeps turns short and distractors few', () => {
    const w = lesson(2);
    const user = w.contexts.flatMap((c) => c.turns.filter((t) => t.role === 'user'));
    expect(Math.max(...user.map((t) => t.content.split(' ').length))).toBeLessThanOrEqual(20);
    const evidence = new Set(w.questions.flatMap((q) => q.evidenceTurnIds));
    const chat = user.filter((t) => t.content.endsWith('?') && !evidence.has(t.id));
    expect(chat.length / user.length).toBeLessThan(0.35);
  });

  it('restated: each change note follows, in its session, a note naming the value it replaces and a reason that is a wrong option', () => {
    let restated = 0;
    for (const seed of [1, 2, 3]) {
      const w = generateWorld({ ...WORLD_PRESETS.lesson, seed, restate: true });
      for (const q of w.questions.filter((x) => x.type === 'revisit_reasons_behind_preference_updates')) {
        const context = w.contexts.find((c) => c.id === q.contextId)!;
        const at = context.turns.findIndex((t) => t.id === q.evidenceTurnIds[0]);
        const [, from, to] = /^why did i switch from (.+) to (.+)\?$/.exec(q.query)!;
        expect(context.turns[at].content).toContain(`i switched to ${to} because`);
        const earlier = context.turns.slice(0, at).filter((t) => t.role === 'user' && t.content.startsWith(`for ${q.topic}, i like ${from} now`));
        // The replaced value was stated in an earlier session (the grounding test above covers the rest), so it is restated here.
        const before = earlier.filter((t) => t.session === context.turns[at].session);
        if (earlier.some((t) => t.session < context.turns[at].session)) {
          expect(before, q.query).toHaveLength(1);
          const reason = /because (.+)\.$/.exec(before[0].content)![1];
          if (reason !== q.options[q.correct]) expect(q.options).toContain(reason);
          restated += 1;
        }
      }
      for (const q of w.questions) expect(q.evidenceTurnIds).toHaveLength(1);
    }
    expect(restated).toBeGreaterThanOrEqual(30);
  });

  it('restate is off unless asked (the same world, the same id), lesson-only, and a boolean', () => {
    expect(generateWorld({ ...WORLD_PRESETS.lesson, seed: 4, restate: false })).toEqual(lesson(4));
    expect(generateWorld({ ...WORLD_PRESETS.lesson, seed: 4, restate: true }).id).not.toBe(lesson(4).id);
    expect(() => generateWorld({ seed: 1, restate: true })).toThrow(/lesson worlds only/);
    expect(() => generateWorld({ ...WORLD_PRESETS.lesson, seed: 1, restate: 'yes' as never })).toThrow(/restate = yes/);
  });

  it('says which user turn states each gold profile fact (the turn holds the fact\'s words)', () => {
    for (const w of [lesson(1), generateWorld({ ...WORLD_PRESETS.lesson, seed: 2, restate: true })]) for (const p of w.personas) {
      const context = w.contexts.find((c) => c.personaId === p.id)!;
      expect(p.goldProfileFactTurns).toHaveLength(p.goldProfileFacts.length);
      p.goldProfileFacts.forEach((fact, i) => {
        expect(p.goldProfileFactTurns![i]).toHaveLength(1);
        const turn = context.turns.find((t) => t.id === p.goldProfileFactTurns![i][0])!;
        expect(turn.role).toBe('user');
        const said = new Set(contentTokens(turn.content));
        const own = contentTokens(fact).filter((t) => said.has(t));
        expect(own.length, `${fact} vs "${turn.content}"`).toBeGreaterThan(0);
      });
    }
  });

  it('refuses an unknown style, and leaves persona worlds as they were', () => {
    expect(() => generateWorld({ style: 'poem' as never, seed: 1 })).toThrow(/style "poem"/);
    expect(generateWorld({ seed: 1 }).id).toBe(generateWorld({ seed: 1, style: 'persona' }).id);
    expect(generateWorld({ seed: 1 }).id).toMatch(/^synthetic-1-/);
  });
});

import { describe, expect, it } from 'vitest';
import { WorldConfigError } from './errors';
import { generateWorld } from './generator';
import { importPersonaMemV1 } from './personamemV1';
import { stringSource } from './source';
import { QUESTION_TYPES } from './types';
import { validateDataset } from './validate';
import { WORLD_PRESETS } from './worldConfig';
import { writeContextsJsonl, writeQuestionsCsv } from './writeV1';

describe('generateWorld', () => {
  it('gives byte-identical files for the same seed and different files for another', () => {
    const files = (seed: number) => {
      const d = generateWorld({ ...WORLD_PRESETS.tiny, seed });
      return writeQuestionsCsv(d) + writeContextsJsonl(d);
    };
    expect(files(5)).toBe(files(5));
    expect(files(5)).not.toBe(files(6));
  });
  it('covers all seven question types with four distinct options and gold evidence on user turns', () => {
    const d = generateWorld({ seed: 3, personas: 2, sessionsPerPersona: 4 });
    validateDataset(d);
    expect(new Set(d.questions.map((q) => q.type))).toEqual(new Set(QUESTION_TYPES));
    const turns = new Map(d.contexts.flatMap((c) => c.turns.map((t) => [t.id, t])));
    for (const q of d.questions) {
      expect(new Set(q.options).size).toBe(4);
      expect(q.evidenceApproximate).toBe(false);
      for (const id of q.evidenceTurnIds) expect(turns.get(id)?.role).toBe('user');
      expect(turns.get(q.evidenceTurnIds[q.evidenceTurnIds.length - 1])?.session).toBe(q.evidenceSession);
    }
    expect(d.personas.every((p) => p.goldProfileFacts.length >= 5 + 3)).toBe(true);
    // Each gold fact names the one user turn that states it.
    for (const p of d.personas) {
      const turns = new Map(d.contexts.find((c) => c.personaId === p.id)!.turns.map((t) => [t.id, t]));
      expect(p.goldProfileFactTurns).toHaveLength(p.goldProfileFacts.length);
      for (const ids of p.goldProfileFactTurns!) expect(ids.map((id) => turns.get(id)?.role)).toEqual(['user']);
    }
  });
  it('puts the old preference among the distractors of a latest-preference question, and its evidence states the change', () => {
    const d = generateWorld({ seed: 11 });
    const q = d.questions.find((x) => x.type === 'acknowledge_latest_user_preferences');
    expect(q).toBeDefined();
    if (!q) return;
    const evidence = d.contexts.flatMap((c) => c.turns).find((t) => t.id === q.evidenceTurnIds[0]);
    const from = /from (.+?) to (.+?),/.exec(evidence?.content ?? '') ?? /not into (.+?) anymore, it's all (.+?) now/.exec(evidence?.content ?? '');
    expect(from).not.toBeNull();
    expect(q.options[q.correct]).toContain(from?.[2]);
    expect(q.options.some((o, i) => i !== q.correct && o.includes(from?.[1] ?? '∅'))).toBe(true);
  });
  it('mixes distractor chit-chat by the ratio, and scales to thousands of turns', () => {
    const chatty = generateWorld({ seed: 1, personas: 1, turnsPerSession: 40, distractorRatio: 0.8 });
    const quiet = generateWorld({ seed: 1, personas: 1, turnsPerSession: 40, distractorRatio: 0 });
    const questionsAsked = (d: typeof chatty) => d.contexts[0].turns.filter((t) => t.role === 'user' && t.content.endsWith('?')).length;
    expect(questionsAsked(chatty)).toBeGreaterThan(questionsAsked(quiet) + 30);
    const long = generateWorld({ ...WORLD_PRESETS.long, seed: 2, personas: 1 });
    expect(long.contexts[0].turns.length).toBeGreaterThan(3000);
    expect(long.contexts[0].sessions).toHaveLength(60);
    validateDataset(long);
  });
  it('refuses out-of-range knobs with a named error', () => {
    expect(() => generateWorld({ personas: 0 })).toThrow(WorldConfigError);
    expect(() => generateWorld({ distractorRatio: 1.5 })).toThrow(/distractorRatio = 1.5 is out of range/);
    expect(() => generateWorld({ sessionsPerPersona: 1 })).toThrow(/sessionsPerPersona = 1/);
  });
  it('re-imports through the PersonaMem v1 importer with nothing lost, extra columns included', async () => {
    const d = generateWorld({ ...WORLD_PRESETS.tiny, seed: 9 });
    const { dataset: back } = await importPersonaMemV1(
      { questions: stringSource('questions.csv', writeQuestionsCsv(d), 100), contexts: stringSource('shared_contexts.jsonl', writeContextsJsonl(d), 100) },
      { name: d.name },
    );
    expect(back.questions).toEqual(d.questions);
    expect(back.contexts).toEqual(d.contexts);
    expect(back.personas).toEqual(d.personas);
  });
});

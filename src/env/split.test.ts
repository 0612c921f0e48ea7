import { describe, expect, it } from 'vitest';
import { generateWorld } from './generator';
import { splitQuestions } from './split';

describe('splitQuestions', () => {
  it('splits by persona when there are enough personas, so no persona is in both', () => {
    const d = generateWorld({ seed: 2, personas: 6 });
    const { train, val } = d.split;
    expect(train.length + val.length).toBe(d.questions.length);
    const persona = (id: string) => d.questions.find((q) => q.id === id)?.personaId;
    const trainP = new Set(train.map(persona));
    expect(val.every((id) => !trainP.has(persona(id)))).toBe(true);
    expect(val.length).toBeGreaterThan(0);
    expect(splitQuestions(d.questions, { seed: 2 })).toEqual(d.split);
  });
  it('splits by question with few personas, roughly by the fraction', () => {
    const d = generateWorld({ seed: 2, personas: 1, questionsPerType: 3, topicsPerPersona: 5, sessionsPerPersona: 8 });
    const s = splitQuestions(d.questions, { valFraction: 0.25 });
    expect(s.val.length).toBe(Math.round(d.questions.length * 0.25));
    expect(new Set([...s.train, ...s.val]).size).toBe(d.questions.length);
  });
});

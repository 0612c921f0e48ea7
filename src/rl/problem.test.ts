// The problem a question poses: H by history mode, and the gold the rewards read, the Profiler's gold facts
// limited to those H states.
import { describe, expect, it } from 'vitest';
import { generateWorld } from '../env/generator';
import type { Persona, Turn } from '../env/types';
import { WORLD_PRESETS } from '../env/worldConfig';
import { factsStatedIn, problemsOf } from './problem';

const turn = (id: string): Turn => ({ id, index: 0, role: 'user', content: '', session: 0 });

describe('factsStatedIn', () => {
  const persona: Persona = { id: 'p', name: 'Ana', goldProfileFacts: ['has a goldfish', 'lives in nairobi', 'likes jazz'], goldProfileFactTurns: [['c:1'], ['c:20'], []] };

  it('keeps the facts whose turn is in H, and those whose turn is unknown', () => {
    expect(factsStatedIn(persona, [turn('c:1'), turn('c:2')])).toEqual({ stated: ['has a goldfish', 'likes jazz'], elsewhere: 1 });
    expect(factsStatedIn(persona, [turn('c:20')])).toEqual({ stated: ['lives in nairobi', 'likes jazz'], elsewhere: 1 });
  });

  it('keeps every fact when the dataset does not say where facts are stated, and none without a persona', () => {
    expect(factsStatedIn({ ...persona, goldProfileFactTurns: undefined }, [])).toEqual({ stated: persona.goldProfileFacts, elsewhere: 0 });
    expect(factsStatedIn(undefined, [turn('c:1')])).toEqual({ stated: [], elsewhere: 0 });
  });
});

describe('problemsOf on generated worlds', () => {
  for (const [name, world] of [
    ['lesson', generateWorld({ ...WORLD_PRESETS.lesson, seed: 1, restate: true })],
    ['persona (tiny)', generateWorld({ ...WORLD_PRESETS.tiny, seed: 1 })],
  ] as const) {
    it(`${name}: a training problem's gold facts are the persona's facts its one session states, the evidence's among them`, () => {
      const problem = problemsOf(world);
      let fewer = 0;
      for (const id of world.split.train) {
        const p = problem(id, 'train');
        const persona = world.personas.find((x) => x.id === p.question.personaId)!;
        const inH = new Set(p.history.map((t) => t.id));
        const expected = persona.goldProfileFacts.filter((_, i) => persona.goldProfileFactTurns![i].some((t) => inH.has(t)));
        expect(p.gold.profileFacts).toEqual(expected);
        expect(p.gold.profileFacts.length + (p.gold.profileFactsElsewhere ?? 0)).toBe(persona.goldProfileFacts.length);
        // A fact stated in one of the question's evidence turns in H is one the Profiler is asked to cover
        // (a persona world's evolution question has evidence in earlier sessions too, outside H).
        const evidenceInH = p.question.evidenceTurnIds.filter((t) => inH.has(t));
        const byEvidence = persona.goldProfileFacts.filter((_, i) => persona.goldProfileFactTurns![i].some((t) => evidenceInH.includes(t)));
        expect(byEvidence.length).toBeGreaterThan(0);
        for (const f of byEvidence) expect(p.gold.profileFacts).toContain(f);
        if (p.gold.profileFacts.length < persona.goldProfileFacts.length) fewer++;
      }
      // One session states only some of a persona's facts: most training problems leave some out.
      expect(fewer).toBeGreaterThan(world.split.train.length / 2);
    });
  }

  it('an evaluation problem (every session before the question) counts every fact: a lesson world asks at the end', () => {
    const world = generateWorld({ ...WORLD_PRESETS.lesson, seed: 1 });
    const problem = problemsOf(world);
    for (const id of world.split.val) {
      const p = problem(id, 'eval');
      expect(p.gold.profileFacts).toEqual(world.personas.find((x) => x.id === p.question.personaId)!.goldProfileFacts);
      expect(p.gold.profileFactsElsewhere).toBe(0);
    }
  });
});

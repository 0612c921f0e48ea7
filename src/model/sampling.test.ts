import { describe, expect, it } from 'vitest';
import { EngineInputError } from './engineErrors';
import { Rng } from './rng';
import { sampleToken, scoringTemperature, tokenLogprob, validateSampling } from './sampling';

describe('seeded RNG', () => {
  it('same seed → same stream; a saved state replays; different seeds differ', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    const state = a.getState();
    const next = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => Rng.fromState(state).next())[0]).toBe(next[0]);
    const c = Rng.fromState(state);
    expect(Array.from({ length: 5 }, () => c.next())).toEqual(next);
    expect(new Rng(43).next()).not.toBe(first[0]);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('sampling', () => {
  const logits = [1, 3, 2, -1, 2.5];

  it('temperature 0 is greedy', () => {
    expect(sampleToken(logits, { temperature: 0 }, new Rng(1))).toBe(1);
  });

  it('top-k 1 and a tiny top-p keep only the argmax', () => {
    for (let s = 0; s < 20; s++) {
      expect(sampleToken(logits, { topK: 1 }, new Rng(s))).toBe(1);
      expect(sampleToken(logits, { topP: 0.01 }, new Rng(s))).toBe(1);
    }
  });

  it('top-k 2 draws only from the two best, in proportion to their probabilities', () => {
    const rng = new Rng(9);
    const counts = new Map<number, number>();
    for (let i = 0; i < 4000; i++) {
      const t = sampleToken(logits, { topK: 2 }, rng);
      counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 4]);
    const p1 = 1 / (1 + Math.exp(-0.5));
    expect((counts.get(1) ?? 0) / 4000).toBeCloseTo(p1, 1);
  });

  it('top-p keeps the smallest nucleus reaching p', () => {
    const rng = new Rng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(sampleToken([5, 4, 0, 0], { topP: 0.8 }, rng));
    expect([...seen].sort()).toEqual([0, 1]);
  });

  it('rejects out-of-range options by name', () => {
    expect(() => validateSampling({ temperature: -1 })).toThrow(EngineInputError);
    expect(() => validateSampling({ topP: 0 })).toThrow(/top-p/);
    expect(() => validateSampling({ topK: 1.5 })).toThrow(/top-k/);
  });
});

describe('tokenLogprob', () => {
  it('scores greedy sampling at temperature 1 and any other at its own', () => {
    expect([0, 0.7, 1, 2].map((t) => scoringTemperature(t))).toEqual([1, 0.7, 1, 2]);
    expect(scoringTemperature()).toBe(1);
  });

  it('is the log-softmax at the temperature over the whole vocabulary', () => {
    expect(tokenLogprob([0, Math.log(3)], 1, 1)).toBeCloseTo(Math.log(3 / 4), 12);
    expect(tokenLogprob([0, Math.log(3)], 0, 1)).toBeCloseTo(Math.log(1 / 4), 12);
    // T = 0.5 doubles the logits: weights 1 and 9.
    expect(tokenLogprob([0, Math.log(3)], 1, 0.5)).toBeCloseTo(Math.log(9 / 10), 12);
    expect(tokenLogprob([1000, 1000, 1000, 1000], 2, 1)).toBeCloseTo(Math.log(1 / 4), 12);
  });
});

import { describe, expect, it } from 'vitest';
import { answerGrounding, globalReward, groundedRetrievalReward, retrievalReward } from './reward';

describe('retrieval reward (Eq. 11) and global reward (Eq. 12)', () => {
  const opts = { beta: 0.2, tau: 0.5 };
  it('reproduces the worked examples: 1, then 0.4 with three extra lines', () => {
    expect(retrievalReward(['likes green tea'], ['likes green tea'], opts).reward).toBe(1);
    expect(retrievalReward(['likes green tea', 'a b', 'c d', 'e f'], ['likes green tea'], opts).reward).toBeCloseTo(0.4, 12);
  });
  it('puts precision first: extra lines cost more than under α = 0.8', () => {
    // 1 of 2 units found with 1 line: 0.2·0.5 + 0.8·0.5 = 0.5; the gold plus 3 noise lines: 0.2 + 0.8·2/5 = 0.52
    const gold = ['likes green tea', 'moved to Oslo'];
    expect(retrievalReward(['likes green tea'], gold, opts).reward).toBeCloseTo(0.5, 12);
    expect(retrievalReward([...gold, 'x y', 'z w', 'q r'], gold, opts).reward).toBeCloseTo(0.52, 12);
  });
  it('scores no evidence 0', () => {
    expect(retrievalReward([], ['likes tea'], opts).reward).toBe(0);
  });
  it('answer grounding scores the note the answer copies: the change note above the restated old one', () => {
    const gold = ['for music, i switched to jazz because a friend took me to a concert.'];
    const copied = answerGrounding('for music, i switched to jazz because a friend took me to a concert', gold);
    const restated = answerGrounding('for music, i like techno now because i got tired of the same songs', gold);
    expect(copied).toEqual({ f1: 1, gold: 0 });
    expect(restated.f1).toBeGreaterThan(0);
    expect(restated.f1).toBeLessThan(0.5);
    expect(answerGrounding('', gold)).toEqual({ f1: 0, gold: -1 });
    expect(answerGrounding('jazz', [])).toEqual({ f1: 0, gold: -1 });
    // Both notes listed: Eq. 11 = 0.2·1 + 0.8·½ = 0.6 for either answer; with γ 0.5 the copy of the gold note scores higher.
    const listed = retrievalReward(['for music, i like techno now because i got tired of the same songs.', gold[0]], gold, { beta: 0.2, tau: 0.9 }).reward;
    expect(listed).toBeCloseTo(0.6, 12);
    expect(groundedRetrievalReward(listed, copied, 0.5)).toBeCloseTo(0.8, 12);
    expect(groundedRetrievalReward(listed, restated, 0.5)).toBeCloseTo(0.3 + 0.5 * restated.f1, 12);
    expect(groundedRetrievalReward(listed, copied, 0)).toBe(listed);
  });
  it('global reward is 1 only for the correct option', () => {
    expect(globalReward(2, 2)).toBe(1);
    expect(globalReward(1, 2)).toBe(0);
    expect(globalReward(null, 0)).toBe(0);
  });
});

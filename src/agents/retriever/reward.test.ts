import { describe, expect, it } from 'vitest';
import { globalReward, retrievalReward } from './reward';

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
  it('global reward is 1 only for the correct option', () => {
    expect(globalReward(2, 2)).toBe(1);
    expect(globalReward(1, 2)).toBe(0);
    expect(globalReward(null, 0)).toBe(0);
  });
});

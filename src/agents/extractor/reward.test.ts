import { describe, expect, it } from 'vitest';
import { extractionReward } from './reward';

describe('extraction reward (Eq. 9)', () => {
  const opts = { alpha: 0.8, tau: 0.5 };
  it('reproduces the worked example: coverage 1, Jaccard 1/2 → 0.9', () => {
    const s = extractionReward(['likes green tea', 'said hello'], ['I like green tea'], opts);
    expect(s.matched).toBe(1);
    expect(s.reward).toBeCloseTo(0.9, 12);
  });
  it('puts coverage first: keeping noise costs less than missing evidence', () => {
    const gold = ['likes green tea', 'moved to Oslo', 'works night shifts'];
    const noisy = extractionReward([...gold, 'said hi', 'asked the time'], gold, opts).reward; // 0.8 + 0.2·3/5
    const partial = extractionReward(gold.slice(0, 2), gold, opts).reward; // 0.8·2/3 + 0.2·2/3
    expect(noisy).toBeCloseTo(0.92, 12);
    expect(partial).toBeCloseTo(2 / 3, 12);
  });
  it('scores no lines 0 and no gold NaN', () => {
    expect(extractionReward([], ['x y'], opts).reward).toBe(0);
    expect(extractionReward(['x y'], [], opts).reward).toBeNaN();
  });
});

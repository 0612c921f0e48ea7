import { describe, expect, it } from 'vitest';
import { agentAdvantages, computeAdvantages, finiteMean, finiteStd, STD_EPS, totalNanRewards } from './advantages';

describe('advantages', () => {
  it('group scaling: [1, 0, 1, 0] → ±0.5/(sqrt(1/3) + 1e-4)', () => {
    const a = computeAdvantages([[1, 0, 1, 0]], 'group');
    const expected = 0.5 / (Math.sqrt(1 / 3) + STD_EPS);
    expect(a.advantages[0][0]).toBeCloseTo(expected, 12);
    expect(a.advantages[0][1]).toBeCloseTo(-expected, 12);
    expect(a.advantages[0][0]).toBeCloseTo(0.8659, 4);
    expect(a).toMatchObject({ nanRewards: 0, zeroSpreadGroups: 0, fracZeroSpread: 0 });
  });
  it('uses the unbiased std like torch.std', () => {
    expect(finiteStd([0, 1, 1, 0])).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(finiteStd([5])).toBe(0);
    expect(finiteMean([1, Number.NaN, 3])).toBe(2);
    expect(finiteMean([Number.NaN])).toBeNaN();
  });
  it('batch scaling: per-group mean, batch std', () => {
    const groups = [
      [1, 0],
      [3, 3],
    ];
    const std = finiteStd([1, 0, 3, 3]); // mean 1.75; squares 0.5625 3.0625 1.5625 1.5625 = 6.75 / 3 = 2.25 → 1.5
    expect(std).toBeCloseTo(1.5, 12);
    const a = computeAdvantages(groups, 'batch');
    expect(a.advantages[0][0]).toBeCloseTo(0.5 / (1.5 + STD_EPS), 12);
    expect(a.advantages[1]).toEqual([0, 0]);
    expect(a.zeroSpreadGroups).toBe(1);
    expect(a.fracZeroSpread).toBe(0.5);
  });
  it('none: centered only', () => {
    expect(computeAdvantages([[1, 0, 0, 0]], 'none').advantages[0]).toEqual([0.75, -0.25, -0.25, -0.25]);
  });
  it('a NaN reward gets advantage 0 and is counted; the rest use the finite rewards', () => {
    const a = computeAdvantages([[1, Number.NaN, 0]], 'group');
    const expected = 0.5 / (Math.sqrt(0.5) + STD_EPS);
    expect(a.advantages[0][0]).toBeCloseTo(expected, 12);
    expect(a.advantages[0][1]).toBe(0);
    expect(a.advantages[0][2]).toBeCloseTo(-expected, 12);
    expect(a.nanRewards).toBe(1);
  });
  it('G = 1 and all-equal groups give 0 and count as zero spread', () => {
    const a = computeAdvantages([[0.7], [1, 1, 1], [Number.NaN, Number.NaN]], 'group');
    expect(a.advantages).toEqual([[0], [0, 0, 0], [0, 0]]);
    expect(a.zeroSpreadGroups).toBe(3);
    expect(a.fracZeroSpread).toBe(1);
    expect(a.nanRewards).toBe(2);
    expect(computeAdvantages([], 'group').fracZeroSpread).toBe(0);
  });
  it('per agent: each agent is standardized on its own rewards', () => {
    const adv = agentAdvantages([{ extractor: [1, 0], profiler: [2, 2], retriever: [Number.NaN, 1] }], 'group');
    expect(adv.extractor.advantages[0][0]).toBeCloseTo(0.5 / (Math.SQRT1_2 + STD_EPS), 12);
    expect(adv.profiler.zeroSpreadGroups).toBe(1);
    expect(adv.retriever.advantages[0]).toEqual([0, 0]);
    expect(totalNanRewards(adv)).toBe(1);
  });
});

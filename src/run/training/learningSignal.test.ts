import { describe, expect, it } from 'vitest';
import { beyondControl, localRewardWindows, seriesBeyondControl, meanStd, zeroSpreadByAgent } from './learningSignal';

const row = (step: number, group: number, extractor: number, profiler: number, retriever: number) => ({ step, group, local: { extractor, profiler, retriever } });
const stat = (mean: number) => ({ mean, min: mean, max: mean });

describe('zeroSpreadByAgent', () => {
  it('counts, per agent, the groups whose local rewards are all equal', () => {
    const rows = [row(1, 0, 0.2, 0, 1), row(1, 0, 0.4, 0, 1), row(1, 1, 0.2, 0.5, 1), row(1, 1, 0.2, 0, 0), row(2, 0, 0.3, Number.NaN, 1), row(2, 0, 0.3, Number.NaN, 0.5)];
    // Three groups: (1,0), (1,1), (2,0).
    expect(zeroSpreadByAgent(rows)).toEqual({ extractor: 2 / 3, profiler: 2 / 3, retriever: 1 / 3 });
    expect(Number.isNaN(zeroSpreadByAgent([]).profiler)).toBe(true);
  });
});

describe('localRewardWindows', () => {
  it('averages the first and last k steps per agent', () => {
    const m = [0.1, 0.2, 0.3, 0.4].map((x) => ({ local: { extractor: stat(x), profiler: stat(2 * x), retriever: stat(Number.NaN) } }));
    const w = localRewardWindows(m, 2);
    expect(w.first.extractor).toBeCloseTo(0.15, 12);
    expect(w.last.extractor).toBeCloseTo(0.35, 12);
    expect(w.last.profiler).toBeCloseTo(0.7, 12);
    expect(Number.isNaN(w.first.retriever)).toBe(true);
  });
});

describe('beyondControl', () => {
  const steps = (xs: number[]) => xs.map((x) => ({ local: { extractor: stat(x), profiler: stat(x / 2), retriever: stat(0.5) } }));
  it('gives the rise of the per-step difference from the control and its mean over the second half', () => {
    const b = beyondControl(steps([0.2, 0.3, 0.5, 0.6]), steps([0.2, 0.2, 0.3, 0.3]), 2);
    expect(b.rise.extractor).toBeCloseTo(0.2, 12);
    expect(b.late.extractor).toBeCloseTo(0.25, 12);
    expect(b.rise.profiler).toBeCloseTo(0.1, 12);
    // A run that moves exactly as its control rises by 0 beyond it, however much its own windows move.
    expect(b.rise.retriever).toBe(0);
    expect(beyondControl(steps([0.1, 0.9]), steps([0.1, 0.9]), 1).rise.extractor).toBe(0);
  });
  it('compares only the steps both have, and gives NaN when there are none', () => {
    const b = beyondControl(steps([0.2, 0.4, 0.9]), steps([0.2, 0.2]), 1);
    expect(b.rise.extractor).toBeCloseTo(0.2, 12);
    expect(Number.isNaN(beyondControl(steps([0.2]), []).rise.extractor)).toBe(true);
  });
  it('reads one series (the global reward) the same way', () => {
    expect(seriesBeyondControl([0.2, 0.3, 0.5, 0.6], [0.2, 0.2, 0.3, 0.3], 2)).toEqual({ rise: expect.closeTo(0.2, 12) as number, late: expect.closeTo(0.25, 12) as number });
  });
});

describe('meanStd', () => {
  it('gives the sample standard deviation', () => {
    expect(meanStd([1, 2, 3])).toEqual({ mean: 2, std: 1 });
    expect(meanStd([5])).toEqual({ mean: 5, std: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { groupsByStep, instructiveness, isFullyInstructive, isInstructive, mostInstructive, rowRewards } from './instructive';

const flat = { extractor: [0.5, 0.5], profiler: [0.5, 0.5], retriever: [0.5, 0.5] };

describe('instructive groups', () => {
  it('needs a varying team outcome and a local reward with spread', () => {
    expect(instructiveness({ local: flat, global: [0, 0] })).toEqual({ globalVaries: false, signalAgents: 0 });
    const one = instructiveness({ local: { ...flat, extractor: [0.2, 0.9] }, global: [1, 0] });
    expect(one).toEqual({ globalVaries: true, signalAgents: 1 });
    expect([isInstructive(one), isFullyInstructive(one)]).toEqual([true, false]);
    // Spread in local rewards alone is no lesson when every global reward is 0 (all NDCG by the tie rule).
    expect(isInstructive(instructiveness({ local: { extractor: [0.1, 0.9], profiler: [0, 1], retriever: [0.3, 0.2] }, global: [0, 0] }))).toBe(false);
  });

  it('prefers a varying outcome, then more agents with signal, then the first given', () => {
    const groups = [
      { id: 'all-zero-global', local: { extractor: [0.1, 0.9], profiler: [0, 1], retriever: [0.3, 0.2] }, global: [0, 0] },
      { id: 'one-agent', local: { ...flat, extractor: [0.2, 0.9] }, global: [1, 0] },
      { id: 'two-agents', local: { ...flat, extractor: [0.2, 0.9], retriever: [1, 0] }, global: [1, 0] },
      { id: 'two-agents-later', local: { ...flat, extractor: [0.3, 0.9], retriever: [1, 0] }, global: [0, 1] },
    ];
    expect(mostInstructive(groups, (g) => g)?.group.id).toBe('two-agents');
    expect(mostInstructive(groups.slice(0, 1), (g) => g)?.group.id).toBe('all-zero-global');
    expect(mostInstructive([], (g) => g)).toBeUndefined();
  });

  it('splits stored rows by step and group, in trajectory order', () => {
    const row = (step: number, group: number, trajectory: number, g: number) => ({ step, group, trajectory, global: g, local: { extractor: trajectory, profiler: 0, retriever: 0 } });
    const groups = groupsByStep([row(2, 0, 1, 1), row(1, 0, 0, 0), row(2, 0, 0, 0), row(1, 0, 1, 0)]);
    expect(groups.map((g) => g.map((r) => `${r.step}.${r.trajectory}`))).toEqual([['2.0', '2.1'], ['1.0', '1.1']]);
    expect(rowRewards(groups[0])).toEqual({ local: { extractor: [0, 1], profiler: [0, 0], retriever: [0, 0] }, global: [0, 1] });
  });
});

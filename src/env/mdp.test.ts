import { describe, expect, it } from 'vitest';
import { chunkHistory, lastTurnsWithin } from './chunk';
import { generateWorld } from './generator';
import { afterExtractor, afterProfiler, afterRetriever, globalReward, historyFor, initialState, rollout } from './mdp';
import type { Turn } from './types';

const world = generateWorld({ seed: 4, personas: 1, sessionsPerPersona: 4 });
const context = world.contexts[0];
const question = world.questions.find((q) => q.type === 'revisit_reasons_behind_preference_updates') ?? world.questions[0];

describe('the memory MDP', () => {
  it('uses the evidence session as H in training and the whole visible history in evaluation', () => {
    const train = historyFor(context, question, 'train');
    expect(train.length).toBeGreaterThan(0);
    expect(train.every((t) => t.session === question.evidenceSession)).toBe(true);
    expect(question.evidenceTurnIds.every((id) => train.some((t) => t.id === id))).toBe(true);
    expect(historyFor(context, question, 'eval')).toEqual(context.turns.slice(0, question.endIndex));
  });
  it('moves s0 → s1 → s2 → s3 on parsed outputs, each state built from the previous one', () => {
    const s0 = initialState(context.turns.slice(0, 3));
    const s1 = afterExtractor(s0, ['  likes jazz ', '', 'has a cat']);
    expect(s1).toEqual({ step: 1, memoryLines: ['likes jazz', 'has a cat'] });
    const s2 = afterProfiler(s1, ' Music lover. ', question);
    expect(s2).toMatchObject({ step: 2, memoryLines: ['likes jazz', 'has a cat'], profile: 'Music lover.', query: question.query, options: question.options });
    const right = afterRetriever(s2, { information: ['likes jazz'], choice: question.correct });
    expect(globalReward(right, question)).toBe(1);
    expect(globalReward(afterRetriever(s2, { information: [], choice: null }), question)).toBe(0);
    expect(globalReward(afterRetriever(s2, { information: [], choice: ((question.correct + 1) % 4) as 0 | 1 | 2 | 3 }), question)).toBe(0);
    const states = rollout(s0.history, question, { extractor: ['x'], profiler: 'p', retriever: { information: ['x'], choice: 0 } });
    expect(states.map((s) => s.step)).toEqual([0, 1, 2, 3]);
    s1.memoryLines.push('mutated');
    expect(s2.memoryLines).toHaveLength(2);
  });
});

describe('chunkHistory', () => {
  const turn = (index: number, words: number): Turn => ({ id: `c:${index}`, index, role: 'user', content: Array(words).fill('w').join(' '), session: 0 });
  const count = (text: string) => text.split(' ').length - 1;
  it('packs whole turns up to the budget; an oversized turn gets its own chunk', () => {
    const turns = [turn(0, 3), turn(1, 4), turn(2, 5), turn(3, 20), turn(4, 1)];
    expect(chunkHistory(turns, 8, count).map((c) => [c.turns.map((t) => t.index), c.tokens])).toEqual([[[0, 1], 7], [[2], 5], [[3], 20], [[4], 1]]);
    expect(lastTurnsWithin(turns, 6, count).map((t) => t.index)).toEqual([4]);
    expect(lastTurnsWithin(turns, 25, count).map((t) => t.index)).toEqual([3, 4]);
    expect(() => chunkHistory(turns, 0, count)).toThrow(RangeError);
  });
});

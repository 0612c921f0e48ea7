import { describe, expect, it } from 'vitest';
import type { Judge } from '../../judge/judge';
import { rubricJudge } from '../../judge/rubric';
import { profileReward } from './reward';

describe('profile reward (Eq. 10)', () => {
  it('asks the judge and returns its verdict', async () => {
    const seen: string[] = [];
    const judge: Judge = {
      name: 'fixed',
      scoreProfile: (input) => {
        seen.push(input.profile);
        return Promise.resolve({ score: 0.7, parts: {}, explanation: 'fixed' });
      },
    };
    const v = await profileReward(judge, { profile: '- likes tea', history: ['I like tea'], goldFacts: [] });
    expect(v.score).toBe(0.7);
    expect(seen).toEqual(['- likes tea']);
  });
  it('scores an empty profile 0 without asking the judge', async () => {
    const judge: Judge = { name: 'throws', scoreProfile: () => Promise.reject(new Error('must not be called')) };
    expect((await profileReward(judge, { profile: '  ', history: [], goldFacts: [] })).score).toBe(0);
  });
  it('works with the rubric judge', async () => {
    const v = await profileReward(rubricJudge(), { profile: '- likes jazz', history: ['I like jazz a lot'], goldFacts: ['likes jazz'] });
    expect(v.score).toBe(1);
  });
});

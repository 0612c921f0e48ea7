import { describe, expect, it } from 'vitest';
import { rubricJudge, scoreRubric, supportOf } from './rubric';
import { tokens } from '../agents/match';

describe('rubric judge', () => {
  const history = ['I like jazz a lot', 'I work night shifts'];
  it('reproduces the worked example: coverage 1/2, unsupported 1/2 → 0.25', () => {
    const v = scoreRubric({ profile: '- likes jazz\n- owns a boat', history, goldFacts: ['likes jazz', 'works night shifts'] });
    expect(v.parts).toMatchObject({ coverage: 0.5, unsupported: 0.5, length: 0 });
    expect(v.score).toBeCloseTo(0.25, 12);
  });
  it('measures support as the share of content words in the best turn', () => {
    expect(supportOf('likes jazz', history.map((t) => new Set(tokens(t))))).toBe(0.5);
    expect(supportOf('the', [new Set(['the'])])).toBe(0);
  });
  it('scores groundedness only when there are no gold facts', () => {
    const v = scoreRubric({ profile: '- works night shifts\n- owns a boat', history, goldFacts: [] });
    expect(v.score).toBeCloseTo(0.5, 12);
    expect(v.parts.coverage).toBeUndefined();
  });
  it('penalizes length beyond maxTokens', () => {
    const long = `- works night shifts ${'night '.repeat(20)}`; // 23 tokens
    const v = scoreRubric({ profile: long, history, goldFacts: ['works night shifts'] }, { matchThreshold: 0.1, supportThreshold: 0.5, maxTokens: 10, unsupportedWeight: 0.5, lengthWeight: 0.5 });
    expect(v.parts.length).toBe(1);
    expect(v.score).toBeCloseTo(0.5, 12);
  });
  it('scores a profile with no facts 0 and stays in [0, 1]', () => {
    expect(scoreRubric({ profile: 'Preferences:', history, goldFacts: ['x'] }).score).toBe(0);
    const v = scoreRubric({ profile: '- owns a boat\n- flies planes', history, goldFacts: ['likes jazz'] });
    expect(v.score).toBe(0);
  });
  it('is async behind the Judge interface', async () => {
    const judge = rubricJudge({ maxTokens: 1000 });
    expect(judge.name).toBe('rubric');
    await expect(judge.scoreProfile({ profile: '- likes jazz', history, goldFacts: ['likes jazz'] })).resolves.toMatchObject({ score: 1 });
  });
});

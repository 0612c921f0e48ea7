import { describe, expect, it } from 'vitest';
import { RUBRIC_DEFAULTS, rubricJudge, scoreRubric, supportOf, unsupportedShare } from './rubric';
import { tokenF1, tokens } from '../agents/match';

describe('rubric judge', () => {
  const history = ['I like jazz a lot', 'I work night shifts'];
  const goldFacts = ['likes jazz', 'works night shifts'];
  const score = (profile: string, gold: readonly string[] = goldFacts) => scoreRubric({ profile, history, goldFacts: gold });

  it('reproduces the worked example: coverage (1 + 0.4)/2, unsupported 1/3 → 0.7 − 1/6', () => {
    const v = score('- likes jazz\n- night owl\n- owns a boat');
    expect(tokenF1('night owl', 'works night shifts')).toBeCloseTo(0.4, 12);
    expect(v.parts).toMatchObject({ facts: 3, length: 0 });
    expect(v.parts.coverage).toBeCloseTo(0.7, 12);
    expect(v.parts.unsupported).toBeCloseTo(1 / 3, 12);
    expect(v.score).toBeCloseTo(0.7 - 0.5 / 3, 12);
    expect(v.explanation).toContain('Coverage 0.70');
    expect(v.explanation).toContain('(1.00, 0.40)');
    expect(v.explanation).toContain('1 have support under 0.5');
  });
  it('says how many gold facts were left out as stated in other sessions', () => {
    const v = scoreRubric({ profile: '- likes jazz', history, goldFacts: ['likes jazz'], goldFactsElsewhere: 7 });
    expect(v.score).toBe(1);
    expect(v.explanation).toContain('the mean over 1 gold facts this history states (7 more, stated in other sessions, not counted)');
    expect(scoreRubric({ profile: '- likes jazz', history, goldFacts: [], goldFactsElsewhere: 2 }).explanation).toMatch(/^No gold facts in this history \(2 stated in other sessions\): groundedness only/);
    expect(score('- likes jazz').explanation).not.toContain('other sessions');
  });
  it('an exact line and a fully unsupported line: coverage 1/2, unsupported 1/2 → 0.25', () => {
    const v = score('- likes jazz\n- owns a boat');
    expect(v.parts).toMatchObject({ coverage: 0.5, unsupported: 0.5, length: 0 });
    expect(v.score).toBeCloseTo(0.25, 12);
  });
  it('rises with coverage: a closer line scores strictly higher, even below F1 0.5', () => {
    // Best F1 with "works night shifts": "works night" 0.8 > "night shifts owl" 2/3 > "night owl" 0.4 > "jazz owl" 0;
    // every line has support ≥ 1/2 in H except "jazz owl" (1/2 too: "jazz"), so only coverage differs.
    const ladder = ['- works night', '- night shifts owl', '- night owl', '- jazz owl'].map((p) => score(p, ['works night shifts']));
    expect(ladder.map((v) => v.parts.unsupported)).toEqual([0, 0, 0, 0]);
    expect(ladder.map((v) => v.score)).toEqual([0.8, 2 / 3, 0.4, 0].map((x) => expect.closeTo(x, 12) as number));
    for (let i = 1; i < ladder.length; i++) expect(ladder[i - 1].score).toBeGreaterThan(ladder[i].score);
  });
  it('falls with unsupported lines, graded by how little of a line the history backs', () => {
    const base = score('- likes jazz\n- works night shifts');
    const partly = score('- likes jazz\n- works night shifts\n- plays jazz piano'); // support 1/3 → 1/3 unsupported
    const wholly = score('- likes jazz\n- works night shifts\n- owns a boat'); // support 0 → 1
    expect(base.score).toBe(1);
    expect(partly.parts.unsupported).toBeCloseTo(1 / 9, 12);
    expect(wholly.parts.unsupported).toBeCloseTo(1 / 3, 12);
    expect(partly.score).toBeLessThan(base.score);
    expect(wholly.score).toBeLessThan(partly.score);
    expect(score('- likes jazz\n- works night shifts\n- owns a boat\n- flies planes').score).toBeLessThan(wholly.score);
  });
  it('measures support as the share of content words in the best turn, and grades it against the threshold', () => {
    expect(supportOf('likes jazz', history.map((t) => new Set(tokens(t))))).toBe(0.5);
    expect(supportOf('the', [new Set(['the'])])).toBe(0);
    expect(unsupportedShare(0.5, 0.5)).toBe(0);
    expect(unsupportedShare(1, 0.5)).toBe(0);
    expect(unsupportedShare(1 / 3, 0.5)).toBeCloseTo(1 / 3, 12);
    expect(unsupportedShare(0, 0.5)).toBe(1);
  });
  it('scores groundedness only when there are no gold facts, counting unsupported facts as before', () => {
    const v = score('- works night shifts\n- owns a boat', []);
    expect(v.score).toBeCloseTo(0.5, 12);
    expect(v.parts.coverage).toBeUndefined();
    // "plays jazz piano" (support 1/3) counts as a whole unsupported fact here.
    expect(score('- works night shifts\n- plays jazz piano', []).score).toBeCloseTo(0.5, 12);
  });
  it('penalizes length beyond maxTokens', () => {
    const long = `- works night shifts\n- ${'night '.repeat(20)}`; // 23 tokens
    const v = scoreRubric({ profile: long, history, goldFacts: ['works night shifts'] }, { ...RUBRIC_DEFAULTS, maxTokens: 10 });
    expect(v.parts).toMatchObject({ coverage: 1, unsupported: 0, length: 1 });
    expect(v.score).toBeCloseTo(0.5, 12);
  });
  it('scores a profile with no facts 0 and stays in [0, 1]', () => {
    expect(score('Preferences:', ['x']).score).toBe(0);
    expect(score('- owns a boat\n- flies planes', ['likes jazz']).score).toBe(0);
  });
  it('is async behind the Judge interface', async () => {
    const judge = rubricJudge({ maxTokens: 1000 });
    expect(judge.name).toBe('rubric');
    await expect(judge.scoreProfile({ profile: '- likes jazz', history, goldFacts: ['likes jazz'] })).resolves.toMatchObject({ score: 1 });
  });
});

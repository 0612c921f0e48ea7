import { describe, expect, it } from 'vitest';
import { contentTokens, matchUnits, normalize, setReward, tokenF1, tokens } from './match';

describe('normalize and tokens', () => {
  it('lower-cases and turns punctuation runs into single spaces', () => {
    expect(normalize("I'm  a Vegan!")).toBe('i m a vegan');
    expect(tokens('Likes: jazz, tea')).toEqual(['likes', 'jazz', 'tea']);
    expect(tokens('  ...  ')).toEqual([]);
    expect(tokens('Café 42')).toEqual(['café', '42']);
  });
  it('drops stopwords for content tokens', () => {
    expect(contentTokens('The user likes tea')).toEqual(['likes', 'tea']);
  });
});

describe('tokenF1', () => {
  it('matches the worked example: 2 of 3 and 2 of 4 tokens → 4/7', () => {
    expect(tokenF1('likes green tea', 'the user likes tea')).toBeCloseTo(4 / 7, 12);
  });
  it('counts repeated tokens as a multiset', () => {
    // a = [tea, tea], b = [tea]: overlap 1, P = 1/2, R = 1 → 2/3
    expect(tokenF1('tea tea', 'tea')).toBeCloseTo(2 / 3, 12);
  });
  it('is 0 when either side has no tokens, 1 for identical texts', () => {
    expect(tokenF1('', '')).toBe(0);
    expect(tokenF1('tea', '!!')).toBe(0);
    expect(tokenF1('Green tea.', 'green TEA')).toBe(1);
  });
});

describe('matchUnits', () => {
  it('matches one-to-one, so a duplicated line cannot count a unit twice', () => {
    const m = matchUnits(['likes tea', 'likes tea'], ['I like tea', 'likes tea a lot'], 0.5);
    expect(m).toEqual([{ predicted: 0, gold: 1, f1: 2 / 3 }]);
  });
  it('takes the best pairs first', () => {
    // line 0 fits unit 1 exactly and unit 0 partly; line 1 fits only unit 0
    const m = matchUnits(['works night shifts', 'works nights'], ['works nights now', 'works night shifts'], 0.5);
    expect(m.map((x) => [x.predicted, x.gold])).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
  it('respects τ: F1 = 0.4 matches at τ = 0.4 but not at 0.5', () => {
    expect(matchUnits(['likes tea'], ['I like tea'], 0.5)).toHaveLength(0);
    expect(matchUnits(['likes tea'], ['I like tea'], 0.4)).toHaveLength(1);
  });
});

describe('setReward (the form of Eq. 9 and 11)', () => {
  it('reproduces the worked example: 3 lines, 2 units, 1 match, w = 0.8 → 0.45', () => {
    const s = setReward(['likes green tea', 'said hello', 'weather is nice'], ['likes green tea', 'moved to Oslo in May'], 0.8, 0.5);
    expect(s).toMatchObject({ matched: 1, predicted: 3, gold: 2, coverage: 0.5, jaccard: 0.25 });
    expect(s.reward).toBeCloseTo(0.45, 12);
  });
  it('scores a perfect copy 1 and no lines 0', () => {
    const gold = ['likes green tea', 'moved to Oslo'];
    expect(setReward(gold, gold, 0.8, 0.5).reward).toBe(1);
    expect(setReward([], gold, 0.8, 0.5).reward).toBe(0);
  });
  it('is NaN (undefined) when there are no gold units', () => {
    expect(setReward(['x'], [], 0.8, 0.5).reward).toBeNaN();
    expect(setReward([], [], 0.2, 0.5).reward).toBeNaN();
  });
});

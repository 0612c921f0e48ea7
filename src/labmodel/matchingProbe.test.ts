// The learnability probe's episodes hold exactly one matching option, and its score is the forced choice
// among the four candidates.
import { describe, expect, it } from 'vitest';
import { probeEpisodes, scoreProbe, type ProbeEpisode } from './matchingProbe';
import { TinyLlama, initParams, type TinyConfig } from './tinyLlama';

const CFG: TinyConfig = { vocabSize: 128, hidden: 16, intermediate: 32, layers: 1, heads: 2, maxPositions: 96, ropeTheta: 10000, rmsNormEps: 1e-5 };

/** The four option words: the id after each "( letter filler filler filler". */
function optionWords(ep: ProbeEpisode): number[] {
  const start = ep.ids.indexOf(17);
  return [0, 1, 2, 3].map((i) => ep.ids[start + 1 + i * 7 + 6]);
}

describe('probeEpisodes', () => {
  it('puts exactly one option word (the answer\'s) in the memory, and scores only the last token', () => {
    for (const task of ['match', 'word', 'copy'] as const) {
      for (const ep of probeEpisodes(task, CFG.vocabSize, 50, 3)) {
        const memory = ep.ids.slice(0, ep.ids.indexOf(17));
        const words = optionWords(ep);
        expect(words.filter((w) => memory.includes(w))).toEqual([words[ep.answer]]);
        expect(ep.targets.at(-1)).toBe(ep.candidates[ep.answer]);
        expect(ep.weights.reduce((a, b) => a + b, 0)).toBe(1);
        expect(ep.weights.at(-1)).toBe(1);
        expect(ep.candidates).toEqual(task === 'word' ? words : [10, 11, 12, 13]);
        if (task === 'copy') expect(ep.ids[2]).toBe(ep.candidates[ep.answer]);
      }
    }
  });

  it('is reproducible from its seed and varies the answer position', () => {
    const a = probeEpisodes('match', CFG.vocabSize, 200, 9);
    expect(probeEpisodes('match', CFG.vocabSize, 200, 9)).toEqual(a);
    expect(probeEpisodes('match', CFG.vocabSize, 200, 10)).not.toEqual(a);
    const counts = [0, 1, 2, 3].map((k) => a.filter((e) => e.answer === k).length);
    for (const c of counts) expect(c).toBeGreaterThan(30);
  });

  it('refuses a vocabulary too small for distinct content words', () => {
    expect(() => probeEpisodes('match', 64, 1, 1)).toThrow(/vocabulary/);
  });
});

describe('scoreProbe', () => {
  it('reports the answer\'s mean loss and whether it beats the other three candidates', () => {
    const model = new TinyLlama(CFG, initParams(CFG, 4));
    const eps = probeEpisodes('match', CFG.vocabSize, 12, 5);
    let loss = 0;
    let right = 0;
    for (const ep of eps) {
      const per = ep.candidates.map((c) => model.lossAndGrad(ep.ids, [...ep.targets.slice(0, -1), c], ep.weights, 1));
      loss += per[ep.answer];
      if (Math.min(...per) === per[ep.answer] && per.filter((l) => l === per[ep.answer]).length === 1) right++;
    }
    const score = scoreProbe(model, eps);
    expect(score.loss).toBeCloseTo(loss / eps.length, 10);
    expect(score.accuracy).toBe(right / eps.length);
  });
});

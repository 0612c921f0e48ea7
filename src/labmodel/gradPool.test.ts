// The data-parallel gradient pool: its batch split is deterministic and balanced by tokens, and the
// workers' summed gradient equals, bit for bit, the same shares computed in this thread and added in worker order.
import { describe, expect, it } from 'vitest';
import { GradientPool, accumulateShare, shareParams, splitBatch } from './gradPool';
import { TinyLlama, initParams, zerosLike, type TinyConfig } from './tinyLlama';

const CFG: TinyConfig = { vocabSize: 40, hidden: 16, intermediate: 24, layers: 2, heads: 2, maxPositions: 64, ropeTheta: 10000, rmsNormEps: 1e-5 };

function examples(): { ids: number[]; targets: number[]; weights: number[] }[] {
  return [9, 17, 5, 30, 12, 22].map((len, k) => {
    const ids = Array.from({ length: len }, (_, i) => (i * 7 + k * 3) % CFG.vocabSize);
    return { ids, targets: ids.map((x) => (x + 1) % CFG.vocabSize), weights: ids.map((_, i) => (i % 3 === 0 ? 0.25 : 1)) };
  });
}

describe('splitBatch', () => {
  it('gives each example, in order, to the share with the fewest tokens so far (ties: the lower share)', () => {
    expect(splitBatch([10, 10, 5, 30, 1], 2)).toEqual([
      [0, 2, 4],
      [1, 3],
    ]);
    expect(splitBatch([4, 4, 4], 1)).toEqual([[0, 1, 2]]);
  });
});

describe('GradientPool', () => {
  it('sums the workers\' gradients exactly as the same shares computed here, in worker order', { timeout: 120_000 }, async () => {
    const params = initParams(CFG, 5);
    for (const p of params.values()) for (let i = 0; i < p.data.length; i++) p.data[i] += 0.2 * Math.sin(i * 1.3 + p.data.length);
    shareParams(params);
    const model = new TinyLlama(CFG, params);
    const exs = examples();
    const batch = [3, 0, 5, 1, 4];
    const pool = new GradientPool(CFG, params, 2);
    try {
      await pool.setExamples(exs);
      const got = zerosLike(params);
      const loss = await pool.lossAndGrad(batch, 0.01, got);

      const shares = splitBatch(batch.map((i) => exs[i].ids.length), 2).map((s) => s.map((j) => batch[j]));
      const parts = shares.map((share) => {
        const g = zerosLike(params);
        return { loss: accumulateShare(model, exs, share, 0.01, g), g };
      });
      expect(loss).toBe(parts[0].loss + parts[1].loss);
      for (const [name, g] of got) {
        const want = Float32Array.from(parts[0].g.get(name) as Float32Array);
        const second = parts[1].g.get(name) as Float32Array;
        for (let i = 0; i < want.length; i++) want[i] += second[i];
        expect(g, name).toEqual(want);
        expect(g.some((x) => x !== 0), name).toBe(true);
      }
      const again = zerosLike(params);
      await pool.lossAndGrad(batch, 0.01, again);
      expect([...again.values()]).toEqual([...got.values()]);
    } finally {
      await pool.close();
    }
  });
});

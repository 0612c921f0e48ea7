import { describe, expect, it } from 'vitest';
import { AGENT_NAMES, type PerAgent } from '../agents/names';
import { DEFAULT_CONFIG } from './config';
import { assignCredit, dcg, hasRankingSignal, integratedReward, modeWeights, ndcg, rankOrder, rankingSignal, ranksOf, softmaxWeights, type CreditOptions } from './credit';
import { CreditInputError } from './errors';

const opts = (over: Partial<CreditOptions> = {}): CreditOptions => ({
  mode: 'adaptive',
  creditTemperature: 1,
  fixedWeights: { extractor: 0.5, profiler: 0.3, retriever: 0.2 },
  ties: 'index',
  ...over,
});

describe('ranking', () => {
  it('orders descending, ties by index, NaN last', () => {
    expect(rankOrder([0.2, 0.9, 0.2, Number.NaN])).toEqual([1, 0, 2, 3]);
    expect(ranksOf([0.2, 0.9, 0.2])).toEqual([2, 1, 3]);
  });
  it('DCG discounts by log2(k + 1)', () => {
    expect(dcg([1, 0, 1])).toBeCloseTo(1.5, 12);
  });
});

describe('NDCG (Eq. 13)', () => {
  it('is 1 for a ranking that agrees with the global rewards', () => {
    expect(ndcg([0.9, 0.1, 0.5], [1, 0, 1])).toBe(1);
    expect(ndcg([3, 2, 1, 0], [1, 1, 0, 0])).toBe(1);
  });
  it('reversed order: local [0.1, 0.9, 0.5], global [1, 0, 0] → 1/log2(4) = 0.5', () => {
    expect(ndcg([0.1, 0.9, 0.5], [1, 0, 0])).toBeCloseTo(0.5, 12);
  });
  it('fully reversed with two right answers of four: (1/log2 4 + 1/log2 5) / (1 + 1/log2 3)', () => {
    const expected = (1 / 2 + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3));
    expect(ndcg([0, 1, 2, 3], [1, 1, 0, 0])).toBeCloseTo(expected, 12);
  });
  it('ties: "index" keeps trajectory order, "average" shares the tie block’s gain', () => {
    // local all equal; right answer at index 1
    expect(ndcg([0.5, 0.5], [0, 1], 'index')).toBeCloseTo(1 / Math.log2(3), 12);
    expect(ndcg([0.5, 0.5], [1, 0], 'index')).toBe(1);
    // average: both positions gain 1/2 → (1/2 + 1/2/log2 3) / 1
    const avg = 0.5 + 0.5 / Math.log2(3);
    expect(ndcg([0.5, 0.5], [0, 1], 'average')).toBeCloseTo(avg, 12);
    expect(ndcg([0.5, 0.5], [1, 0], 'average')).toBeCloseTo(avg, 12);
  });
  it('default ties ("average"): tied trajectories share their gain, whichever of them answered right', () => {
    // local ties trajectories 0 and 1; only their global rewards differ: the NDCG must not care which is right
    const a = ndcg([0.5, 0.5, 0.1], [1, 0, 0]);
    const b = ndcg([0.5, 0.5, 0.1], [0, 1, 0]);
    expect(a).toBeCloseTo((0.5 + 0.5 / Math.log2(3)) / 1, 12);
    expect(b).toBe(a);
    // the same through assignCredit with the default setting: equal NDCG, hence equal weights
    const credit = (global: number[]) =>
      assignCredit({ local: { extractor: [0.5, 0.5, 0.1], profiler: [0.6, 0.6, 0.9], retriever: [0.3, 0.3, 0.3] }, global }, opts({ ties: DEFAULT_CONFIG.ndcg_ties }));
    expect(credit([0, 1, 0]).ndcg.extractor).toBe(credit([1, 0, 0]).ndcg.extractor);
    expect(credit([0, 1, 0]).weights).toEqual(credit([1, 0, 0]).weights);
    expect(DEFAULT_CONFIG.ndcg_ties).toBe('average');
  });
  it('default ties: an all-equal group scores the mean-gain NDCG, not 1, and relabeling tied trajectories changes nothing', () => {
    const flat = [0.3, 0.3, 0.3, 0.3];
    const expected = (0.25 * (1 + 1 / Math.log2(3) + 1 / 2 + 1 / Math.log2(5))) / 1;
    for (const global of [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]]) expect(ndcg(flat, global)).toBeCloseTo(expected, 12);
    expect(ndcg(flat, [1, 1, 1, 1])).toBe(1);
    // a tie block in the middle: every relabeling inside it gives the same NDCG
    const local = [0.9, 0.4, 0.4, 0.4, 0.1];
    const perms = [[1, 0, 1, 0, 0], [1, 1, 0, 0, 0], [1, 0, 0, 1, 0]];
    const v = perms.map((g) => ndcg(local, g));
    expect(v[1]).toBeCloseTo(v[0], 12);
    expect(v[2]).toBeCloseTo(v[0], 12);
  });
  it('all-zero global rewards: v = 0 for every agent, hence equal weights', () => {
    const c = assignCredit({ local: { extractor: [1, 0], profiler: [0, 1], retriever: [0.3, 0.3] }, global: [0, 0] }, opts());
    expect(c.ndcg).toEqual({ extractor: 0, profiler: 0, retriever: 0 });
    for (const n of AGENT_NAMES) expect(c.weights[n]).toBeCloseTo(1 / 3, 12);
  });
  it('G = 1: 1 when the one trajectory is right, else 0', () => {
    expect(ndcg([0.3], [1])).toBe(1);
    expect(ndcg([0.3], [0])).toBe(0);
  });
  it('NaN inputs: NaN local rewards rank last, NaN global rewards gain nothing', () => {
    // order by local: 1, 0 (NaN last) → gains [0, 1] → 1/log2 3
    expect(ndcg([Number.NaN, 0.2], [1, 0])).toBeCloseTo(1 / Math.log2(3), 12);
    expect(ndcg([0.1, 0.9], [Number.NaN, 1])).toBe(1);
    expect(ndcg([0.1, 0.9], [Number.NaN, Number.NaN])).toBe(0);
  });
  it('rejects mismatched lengths with a named error', () => {
    expect(() => ndcg([1], [1, 0])).toThrow(CreditInputError);
  });
});

describe('ranking signal (zero spread)', () => {
  it('is false when every finite local reward is equal or none is finite', () => {
    expect(hasRankingSignal([0.2, 0.9, 0.2])).toBe(true);
    expect(hasRankingSignal([0, 0, 0, 0])).toBe(false);
    expect(hasRankingSignal([0.5, Number.NaN, 0.5])).toBe(false);
    expect(hasRankingSignal([Number.NaN, Number.NaN])).toBe(false);
    expect(hasRankingSignal([0.7])).toBe(false);
    expect(hasRankingSignal([])).toBe(false);
    expect(hasRankingSignal([Number.NaN, 0.1, 0.2])).toBe(true);
    expect(rankingSignal({ extractor: [1, 0], profiler: [0.4, 0.4], retriever: [Number.NaN, Number.NaN] })).toEqual({
      extractor: true,
      profiler: false,
      retriever: false,
    });
  });
  it('flags the case "index" ties showed as perfect consistency', () => {
    // profiler all equal, trajectory 0 right: "index" gives NDCG 1 although the rewards rank nothing
    const local = { extractor: [0.9, 0.1, 0.4], profiler: [0, 0, 0], retriever: [0.2, 0.8, 0.1] };
    expect(assignCredit({ local, global: [1, 0, 0] }, opts({ ties: 'index' })).ndcg.profiler).toBe(1);
    expect(hasRankingSignal(local.profiler)).toBe(false);
  });
});

describe('softmax weights (Eq. 14)', () => {
  it('matches the worked example and sums to 1', () => {
    const w = softmaxWeights({ extractor: 1, profiler: 0, retriever: 0 });
    const e = Math.E;
    expect(w.extractor).toBeCloseTo(e / (e + 2), 12);
    expect(w.profiler).toBeCloseTo(1 / (e + 2), 12);
  });
  it('temperature sharpens (T < 1) or flattens (T > 1)', () => {
    const v = { extractor: 1, profiler: 0.5, retriever: 0 };
    expect(softmaxWeights(v, 0.1).extractor).toBeGreaterThan(softmaxWeights(v, 1).extractor);
    expect(softmaxWeights(v, 100).extractor).toBeCloseTo(1 / 3, 2);
    // T = 0.5 equals softmax of 2v
    expect(softmaxWeights(v, 0.5).profiler).toBeCloseTo(Math.exp(1) / (Math.exp(2) + Math.exp(1) + 1), 12);
  });
});

describe('integrated rewards (Eq. 15) and modes', () => {
  const group = { local: { extractor: [1, 0], profiler: [0, 1], retriever: [1, 0] }, global: [1, 0] };
  it('adaptive: the worked example of assignCredit', () => {
    const c = assignCredit(group, opts());
    const v = 1 / Math.log2(3);
    expect(c.ndcg).toEqual({ extractor: 1, profiler: v, retriever: 1 });
    const z = 2 * Math.E + Math.exp(v);
    expect(c.weights.extractor).toBeCloseTo(Math.E / z, 12);
    expect(c.weights.profiler).toBeCloseTo(Math.exp(v) / z, 12);
    expect(c.integrated.extractor[0]).toBeCloseTo(1 + Math.E / z, 12);
    expect(c.integrated.profiler).toEqual([c.weights.profiler, 1]);
    expect(c.ranks).toEqual({ extractor: [1, 2], profiler: [2, 1], retriever: [1, 2], global: [1, 2] });
  });
  it('every mode sets weights and integrated rewards as documented', () => {
    const v = { extractor: 1, profiler: 0.5, retriever: 0 };
    const o = opts();
    expect(modeWeights('local', v, o)).toEqual({ extractor: 0, profiler: 0, retriever: 0 });
    expect(modeWeights('independent', v, o)).toEqual({ extractor: 0, profiler: 0, retriever: 0 });
    expect(modeWeights('global', v, o)).toEqual({ extractor: 1, profiler: 1, retriever: 1 });
    expect(modeWeights('equal', v, o)).toEqual({ extractor: 1 / 3, profiler: 1 / 3, retriever: 1 / 3 });
    expect(modeWeights('fixed', v, o)).toEqual({ extractor: 0.5, profiler: 0.3, retriever: 0.2 });
    expect(assignCredit(group, opts({ mode: 'local' })).integrated.profiler).toEqual([0, 1]);
    expect(assignCredit(group, opts({ mode: 'global' })).integrated.profiler).toEqual([1, 0]);
    expect(assignCredit(group, opts({ mode: 'equal' })).integrated.profiler).toEqual([1 / 3, 1]);
    expect(assignCredit(group, opts({ mode: 'fixed' })).integrated.retriever).toEqual([1.2, 0]);
    expect(assignCredit(group, opts({ mode: 'independent' })).integrated.extractor).toEqual([1, 0]);
  });
  it('a zero weight ignores a NaN global reward; a NaN local reward stays NaN', () => {
    expect(integratedReward(0.4, Number.NaN, 0, true)).toBe(0.4);
    expect(integratedReward(0.4, 1, 0.5, true)).toBeCloseTo(0.9, 12);
    expect(integratedReward(Number.NaN, 1, 0.5, true)).toBeNaN();
    expect(integratedReward(Number.NaN, 1, 1, false)).toBe(1);
  });
  it('rejects a group whose agents have different G, naming the field', () => {
    expect(() => assignCredit({ local: { extractor: [1], profiler: [1, 0], retriever: [1, 0] }, global: [1, 0] }, opts())).toThrow(/local\.extractor has 1 rewards/);
  });
});

describe('properties', () => {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const randomGroup = (g: number, ties: boolean) => ({
    local: {
      extractor: Array.from({ length: g }, () => (ties ? Math.floor(rand() * 3) / 2 : rand())),
      profiler: Array.from({ length: g }, () => (ties ? Math.floor(rand() * 3) / 2 : rand())),
      retriever: Array.from({ length: g }, () => (ties ? Math.floor(rand() * 3) / 2 : rand())),
    } as PerAgent<number[]>,
    global: Array.from({ length: g }, () => (rand() < 0.5 ? 1 : 0)),
  });
  const permute = <T>(xs: T[], p: number[]) => p.map((i) => xs[i]);
  const shuffle = (g: number) => {
    const p = Array.from({ length: g }, (_, i) => i);
    for (let i = g - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p;
  };

  it('weights sum to 1 in adaptive and equal modes, NDCG stays in [0, 1]', () => {
    for (let k = 0; k < 200; k++) {
      const group = randomGroup(1 + Math.floor(rand() * 8), k % 2 === 0);
      for (const mode of ['adaptive', 'equal'] as const) {
        const c = assignCredit(group, opts({ mode, creditTemperature: 0.2 + rand() * 3 }));
        expect(AGENT_NAMES.reduce((s, n) => s + c.weights[n], 0)).toBeCloseTo(1, 12);
        for (const n of AGENT_NAMES) expect(c.ndcg[n]).toBeGreaterThanOrEqual(0);
        for (const n of AGENT_NAMES) expect(c.ndcg[n]).toBeLessThanOrEqual(1 + 1e-12);
      }
    }
  });
  it('relabeling trajectories leaves the weights unchanged (no ties, or tie-aware NDCG)', () => {
    for (let k = 0; k < 200; k++) {
      const g = 2 + Math.floor(rand() * 7);
      const withTies = k % 2 === 0;
      const group = randomGroup(g, withTies);
      const ties = withTies ? 'average' : 'index';
      const p = shuffle(g);
      const relabeled = {
        local: { extractor: permute(group.local.extractor, p), profiler: permute(group.local.profiler, p), retriever: permute(group.local.retriever, p) },
        global: permute(group.global, p),
      };
      const a = assignCredit(group, opts({ ties }));
      const b = assignCredit(relabeled, opts({ ties }));
      for (const n of AGENT_NAMES) expect(b.weights[n]).toBeCloseTo(a.weights[n], 12);
      for (const n of AGENT_NAMES) b.integrated[n].forEach((x, i) => expect(x).toBeCloseTo(a.integrated[n][p[i]], 12));
    }
  });
  it('"index" ties are not relabeling-invariant (why "average" exists)', () => {
    const a = assignCredit({ local: { extractor: [0.5, 0.5], profiler: [0, 0], retriever: [0, 0] }, global: [1, 0] }, opts());
    const b = assignCredit({ local: { extractor: [0.5, 0.5], profiler: [0, 0], retriever: [0, 0] }, global: [0, 1] }, opts());
    expect(a.ndcg.extractor).not.toBeCloseTo(b.ndcg.extractor, 6);
  });
  it('adaptive equals equal-share when all NDCGs are equal', () => {
    for (let k = 0; k < 100; k++) {
      const g = 1 + Math.floor(rand() * 6);
      const r = Array.from({ length: g }, () => rand());
      const group = { local: { extractor: r, profiler: r.map((x) => x * 2), retriever: r.map((x) => x + 1) }, global: Array.from({ length: g }, () => (rand() < 0.5 ? 1 : 0)) };
      const adaptive = assignCredit(group, opts({ creditTemperature: 0.3 + rand() }));
      const equal = assignCredit(group, opts({ mode: 'equal' }));
      for (const n of AGENT_NAMES) {
        expect(adaptive.weights[n]).toBeCloseTo(1 / 3, 12);
        adaptive.integrated[n].forEach((x, i) => expect(x).toBeCloseTo(equal.integrated[n][i], 12));
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { Rng } from '../model/rng';
import { DEFAULT_INDUCTION_INIT, applyInductionInit, type InductionContext } from './inductionInit';
import { LESSON_RECIPE } from './recipe';
import { TinyLlama, initParams } from './tinyLlama';

const cfg = LESSON_RECIPE.model;

/** Random ids (from 32 up, distinct), then the same ids again; only the repeat is scored. */
function repeatSequence(seed: number, length: number): { ids: number[]; targets: number[]; weights: number[] } {
  const rng = new Rng(seed);
  const run: number[] = [];
  while (run.length < length) {
    const id = 32 + Math.floor(rng.next() * (cfg.vocabSize - 32));
    if (!run.includes(id)) run.push(id);
  }
  const seq = [1, ...run, 2, ...run];
  return { ids: seq.slice(0, -1), targets: seq.slice(1), weights: seq.slice(1).map((_, i) => (i >= length + 1 ? 1 : 0)) };
}

function repeatLoss(model: TinyLlama): number {
  let loss = 0;
  let n = 0;
  for (let s = 0; s < 8; s++) {
    const ex = repeatSequence(s, 8 + 4 * s);
    loss += model.lossAndGrad(ex.ids, ex.targets, ex.weights, 1);
    n += ex.weights.reduce((a, b) => a + b, 0);
  }
  return loss / n;
}

/**
 * Lines of four distinct random ids whose third is one shared id (as "i" in "for music , i …"), then the
 * same lines again; scored only after the shared id, where one token of context cannot tell the line.
 */
function ambiguousLoss(model: TinyLlama): number {
  const shared = 40;
  let loss = 0;
  let n = 0;
  for (let s = 0; s < 8; s++) {
    const rng = new Rng(100 + s);
    const used = new Set([shared]);
    const pick = () => {
      for (;;) {
        const id = 50 + Math.floor(rng.next() * (cfg.vocabSize - 50));
        if (!used.has(id)) return used.add(id), id;
      }
    };
    const run = Array.from({ length: 6 }, () => [pick(), pick(), shared, pick()]).flat();
    const seq = [1, ...run, 2, ...run];
    const weights = seq.slice(1).map((_, i): number => (i > run.length && seq[i] === shared ? 1 : 0));
    loss += model.lossAndGrad(seq.slice(0, -1), seq.slice(1), weights, 1);
    n += weights.reduce((a, b) => a + b, 0);
  }
  return loss / n;
}

describe('applyInductionInit', () => {
  it('makes a fresh model predict the repeat of a random sequence (the random init cannot)', () => {
    const plain = new TinyLlama(cfg, initParams(cfg, 7));
    const params = initParams(cfg, 7);
    applyInductionInit(params, cfg, 30, DEFAULT_INDUCTION_INIT);
    const copying = new TinyLlama(cfg, params);
    const uniform = Math.log(cfg.vocabSize);
    expect(repeatLoss(plain)).toBeGreaterThan(uniform - 0.1);
    expect(repeatLoss(copying)).toBeLessThan(uniform / 2);
  });

  it('with context, matches the token before too, so a shared token continues its own line', () => {
    const withContext = (context?: InductionContext) => {
      const params = initParams(cfg, 7);
      applyInductionInit(params, cfg, 30, { ...DEFAULT_INDUCTION_INIT, ...(context ? { context } : {}) });
      return ambiguousLoss(new TinyLlama(cfg, params));
    };
    const oneToken = withContext();
    const both = withContext({ contextOffset: 2, contextGain: 0.6, contextMatch: 0.6 });
    expect(both).toBeLessThan(oneToken - 1.5);
    // Neither half alone does it: the slot must hold the token two back and the query must read it.
    const gainOnly = withContext({ contextOffset: 2, contextGain: 0.6, contextMatch: 0 });
    const matchOnly = withContext({ contextOffset: 2, contextGain: 0, contextMatch: 0.6 });
    expect(both).toBeLessThan(Math.min(gainOnly, matchOnly) - 1);
  });

  it('without context leaves layer 0 heads 2–3 as the random init drew them', () => {
    const plain = initParams(cfg, 7);
    const params = initParams(cfg, 7);
    applyInductionInit(params, cfg, 30);
    const rows = (p: typeof params) => p.get('model.layers.0.self_attn.q_proj.weight')?.data.slice(2 * 16 * cfg.hidden, 4 * 16 * cfg.hidden);
    expect(rows(params)).toEqual(rows(plain));
    applyInductionInit(params, cfg, 30, { ...DEFAULT_INDUCTION_INIT, context: { contextOffset: 2.5, contextGain: 0.6, contextMatch: 0.6 } });
    expect(rows(params)).not.toEqual(rows(plain));
  });

  it('is a pure function of the seed', () => {
    const a = initParams(cfg, 7);
    const b = initParams(cfg, 7);
    applyInductionInit(a, cfg, 30);
    applyInductionInit(b, cfg, 30);
    for (const [k, p] of a) expect(p.data).toEqual(b.get(k)?.data);
  });

  it('names the setting to change when RoPE would rotate the matching pairs', () => {
    const params = initParams({ ...cfg, ropeTheta: 10_000 }, 7);
    expect(() => applyInductionInit(params, { ...cfg, ropeTheta: 10_000 }, 30)).toThrow(/rope_theta 10000 .*use ≥ 1e6/);
  });

  it('refuses a context that would look one back (the previous-token heads already do) or weigh negatively', () => {
    expect(() => applyInductionInit(initParams(cfg, 7), cfg, 30, { ...DEFAULT_INDUCTION_INIT, context: { contextOffset: 1, contextGain: 0.6, contextMatch: 0.6 } })).toThrow(/contextOffset in \[2, 4\]/);
    expect(() => applyInductionInit(initParams(cfg, 7), cfg, 30, { ...DEFAULT_INDUCTION_INIT, context: { contextOffset: 2, contextGain: -1, contextMatch: 0.6 } })).toThrow(RangeError);
  });

  it('refuses a shape it is not laid out for', () => {
    const other = { ...cfg, hidden: 32, intermediate: 96, heads: 2 };
    expect(() => applyInductionInit(initParams(other, 7), other, 30)).toThrow(/laid out for hidden 64/);
  });
});

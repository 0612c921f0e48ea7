import { describe, expect, it } from 'vitest';
import { creditFromText, parseCreditInput } from './calculator';
import { CreditInputError } from './errors';

const good = { local: { extractor: [1, 0], profiler: [0, 1], retriever: [1, 0] }, global: [1, 0] };

describe('credit calculator', () => {
  it('reproduces the adaptive worked example and fills defaults', () => {
    const r = creditFromText(JSON.stringify(good));
    expect(r.G).toBe(2);
    expect(r.mode).toBe('adaptive');
    expect(r.settings).toMatchObject({ credit_temperature: 1, scale_rewards: 'group', ndcg_ties: 'average' });
    expect(r.ndcg.profiler).toBeCloseTo(1 / Math.log2(3), 12);
    expect(r.weights.extractor).toBeCloseTo(0.37156, 5);
    expect(r.advantages.extractor[0]).toBeCloseTo(-r.advantages.extractor[1], 12);
    expect(r.zero_spread).toEqual({ extractor: false, profiler: false, retriever: false });
  });
  it('takes mode, temperature alias, fixed weights and scaling from the file', () => {
    const r = creditFromText(JSON.stringify({ ...good, mode: 'fixed', fixed_weights: { profiler: 0.9 }, scale_rewards: 'none' }));
    expect(r.weights).toEqual({ extractor: 1 / 3, profiler: 0.9, retriever: 1 / 3 });
    expect(r.integrated.profiler).toEqual([0.9, 1]);
    expect(r.advantages.profiler).toEqual([-0.05, 0.05].map((x) => expect.closeTo(x, 12) as number));
    expect(parseCreditInput({ ...good, temperature: 0.5 }).credit_temperature).toBe(0.5);
  });
  it('reads null rewards as NaN: advantage 0, counted, written back as null', () => {
    const r = creditFromText(JSON.stringify({ local: { extractor: [null, 1, 0], profiler: [0, 0, 0], retriever: [1, 1, 0] }, global: [1, 0, 1] }));
    expect(r.integrated.extractor[0]).toBeNull();
    expect(r.advantages.extractor[0]).toBe(0);
    expect(r.nan_rewards.extractor).toBe(1);
    expect(JSON.stringify(r)).not.toMatch(/NaN/);
  });
  it('names the malformed field', () => {
    const bad = (x: unknown) => () => parseCreditInput(x);
    expect(bad([])).toThrow(/"\(file\)"/);
    expect(bad({ global: [1] })).toThrow(/"local": missing/);
    expect(bad({ local: good.local })).toThrow(/"global": missing/);
    expect(bad({ ...good, local: { ...good.local, profiler: [0, 'x'] } })).toThrow(/"local\.profiler\[1\]": expected a number or null, got "x"/);
    expect(bad({ ...good, local: { extractor: [1, 0], retriever: [1, 0] } })).toThrow(/"local\.profiler": missing/);
    expect(bad({ ...good, local: { ...good.local, critic: [1, 0] } })).toThrow(/"local\.critic": not an agent/);
    expect(bad({ ...good, local: { ...good.local, retriever: [1] } })).toThrow(/"local\.retriever": has 1 rewards but "global" has 2/);
    expect(bad({ ...good, global: [] })).toThrow(/"global": is empty/);
    expect(bad({ ...good, mode: 'team' })).toThrow(/"mode": expected one of "adaptive"/);
    expect(bad({ ...good, credit_temperature: 0 })).toThrow(/"credit_temperature": expected a number > 0/);
    expect(bad({ ...good, temperature: 1, credit_temperature: 1 })).toThrow(/not both/);
    expect(bad({ ...good, fixed_weights: { retriever: -1 } })).toThrow(/"fixed_weights\.retriever"/);
    expect(bad({ ...good, weights: {} })).toThrow(/"weights": unknown field/);
    expect(() => creditFromText('{"local": ')).toThrow(CreditInputError);
  });
});

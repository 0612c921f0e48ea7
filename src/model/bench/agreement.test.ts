import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { fixtureFiles, reference } from '../testing/fixtures';
import { agreementReport } from './agreement';

describe('top-1 agreement report (cpu)', () => {
  it('f32 agrees with itself; every quantized disagreement sits where the margin is under twice the logit error', async () => {
    await initBackend('cpu');
    const ids = reference('tiny-llama-f32').input_ids;
    const r = await agreementReport('tiny-llama-f32', fixtureFiles('tiny-llama-f32'), ids, ['f32', 'int8', 'int4']);
    const n = ids.flat().length;
    expect(r.margins.positions).toBe(n);
    expect(r.margins.margin.p10).toBeLessThanOrEqual(r.margins.margin.median);
    const [f32, int8, int4] = r.precisions;
    expect(f32).toMatchObject({ precision: 'f32', positions: n, top1Agreement: 1, atRisk: 0, logitError: { max: 0 } });
    for (const p of [int8, int4]) {
      expect(p?.positions).toBe(n);
      expect(p?.logitError.max).toBeGreaterThan(0);
      // A flip needs margin < 2·error, so the disagreeing share is at most the at-risk share.
      expect(1 - (p?.top1Agreement ?? 0)).toBeLessThanOrEqual((p?.atRisk ?? 0) + 1e-12);
    }
    expect(int4?.logitError.median).toBeGreaterThan(int8?.logitError.median ?? Infinity);
  });
});

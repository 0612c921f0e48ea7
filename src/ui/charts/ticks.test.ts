import { describe, expect, it } from 'vitest';
import { siTick } from './ticks';

describe('siTick', () => {
  it('keeps labels short with SI prefixes', () => {
    expect([0, 0.25, 1, 0.5, 12.5, 250, 999].map(siTick)).toEqual(['0', '0.25', '1', '0.5', '12.5', '250', '999']);
    expect([7.5e-5, 0.000075, 0.0019, -0.0019, 0.0001, 5e-9].map(siTick)).toEqual(['75µ', '75µ', '1.9m', '-1.9m', '100µ', '5n']);
    expect([1000, 12345, 2.5e6].map(siTick)).toEqual(['1k', '12.3k', '2.5M']);
    expect([3e-15, Number.NaN].map(siTick)).toEqual(['3e-15', 'NaN']);
  });

  it('never writes more than six characters for finite values', () => {
    for (let e = -14; e <= 14; e++) for (const m of [1, 1.234, 7.5, 9.999]) for (const sign of [1, -1]) expect(siTick(sign * m * 10 ** e).length, String(sign * m * 10 ** e)).toBeLessThanOrEqual(6);
  });
});

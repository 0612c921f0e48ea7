import { describe, expect, it } from 'vitest';
import { readUrlState } from './url';

describe('readUrlState', () => {
  it('reads ?backend= and defaults to auto', () => {
    expect(readUrlState('?backend=wasm')).toEqual({ backend: 'wasm', problems: [] });
    expect(readUrlState('')).toEqual({ backend: 'auto', problems: [] });
  });
  it('reports an unknown backend instead of throwing', () => {
    const s = readUrlState('?backend=cuda');
    expect(s.backend).toBe('auto');
    expect(s.problems[0]).toMatch(/Unknown backend "cuda"/);
  });
});

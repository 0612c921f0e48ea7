import { describe, expect, it } from 'vitest';
import { PHASE_ORDER, phaseTitle } from './phases';

describe('phaseTitle', () => {
  it('names shader compilation only on WebGPU', () => {
    expect(phaseTitle('compile', 'webgpu')).toBe('Shader compilation');
    for (const b of ['wasm', 'cpu', undefined] as const) {
      const titles = PHASE_ORDER.map((p) => phaseTitle(p, b));
      expect(titles.filter((t) => /shader/i.test(t))).toEqual([]);
      expect(phaseTitle('compile', b)).toBe('Backend start');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { parseProfiler } from './parse';

describe('parseProfiler', () => {
  it('reads the profile block and its facts, headings removed', () => {
    const p = parseProfiler('Sure!\n<profile>\nSituations:\n- works night shifts\nPreferences:\n- likes green tea\n</profile>');
    expect(p.formatOk).toBe(true);
    expect(p.value.facts).toEqual(['works night shifts', 'likes green tea']);
    expect(p.value.text).toBe('Situations:\n- works night shifts\nPreferences:\n- likes green tea');
  });
  it('falls back to the whole text without the block, flagged', () => {
    const p = parseProfiler('- likes jazz');
    expect(p.value.facts).toEqual(['likes jazz']);
    expect(p.formatOk).toBe(false);
    expect(p.problems).toEqual(['no <profile>…</profile> block']);
  });
  it('flags a block with no facts', () => {
    const p = parseProfiler('<profile>Preferences:</profile>');
    expect(p.value.facts).toEqual([]);
    expect(p.problems).toEqual(['no profile facts']);
  });
  it('never throws on junk', () => {
    for (const text of ['', '<profile>', '</profile><profile>', '\u0000\uffff']) expect(() => parseProfiler(text)).not.toThrow();
  });
});

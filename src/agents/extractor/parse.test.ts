import { describe, expect, it } from 'vitest';
import { parseExtractor } from './parse';

describe('parseExtractor', () => {
  it('reads one memory line per bullet', () => {
    expect(parseExtractor('- likes green tea\n- moved to Oslo\n')).toEqual({ value: ['likes green tea', 'moved to Oslo'], formatOk: true, problems: [] });
  });
  it('accepts numbered and starred bullets and CRLF', () => {
    expect(parseExtractor('1. a\r\n* b\r\n• c').value).toEqual(['a', 'b', 'c']);
  });
  it('keeps lines without bullets but flags the format', () => {
    const p = parseExtractor('- likes tea\nworks nights');
    expect(p.value).toEqual(['likes tea', 'works nights']);
    expect(p.formatOk).toBe(false);
    expect(p.problems[0]).toMatch(/1 of 2 lines/);
  });
  it('returns [] for empty or bullet-only output', () => {
    for (const text of ['', '\n\n', '-\n- \n*']) {
      const p = parseExtractor(text);
      expect(p.value).toEqual([]);
      expect(p.formatOk).toBe(false);
    }
  });
});

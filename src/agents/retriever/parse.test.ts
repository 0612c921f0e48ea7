import { describe, expect, it } from 'vitest';
import { parseRetriever, readChoice } from './parse';

describe('parseRetriever', () => {
  it('reads evidence lines and the choice', () => {
    const p = parseRetriever('<information>\n- likes tea\n- works nights\n</information>\n<final_answer>(c)</final_answer>');
    expect(p).toEqual({ value: { information: ['likes tea', 'works nights'], choice: 2 }, formatOk: true, problems: [] });
  });
  it('takes the last block of each kind, tags in any case', () => {
    const p = parseRetriever('<information>a</information><FINAL_ANSWER>(a)</FINAL_ANSWER> wait <information>b</information><final_answer>(d) because</final_answer>');
    expect(p.value).toEqual({ information: ['b'], choice: 3 });
  });
  it('reads the usual spellings of an option', () => {
    expect(readChoice('(b)')).toBe(1);
    expect(readChoice(' C ')).toBe(2);
    expect(readChoice('d) tea')).toBe(3);
    expect(readChoice('a. because')).toBe(0);
    expect(readChoice('I pick (b) since')).toBe(1);
    expect(readChoice('a guess')).toBeNull();
    expect(readChoice('(e)')).toBeNull();
  });
  it('flags missing parts and parses what is there', () => {
    expect(parseRetriever('<final_answer>(a)</final_answer>')).toMatchObject({ value: { information: [], choice: 0 }, formatOk: false, problems: ['no <information>…</information> block'] });
    expect(parseRetriever('<information>x</information><final_answer>none</final_answer>')).toMatchObject({
      value: { information: ['x'], choice: null },
      problems: ['no option (a)–(d) in <final_answer>'],
    });
    expect(parseRetriever('<information>x<final_answer>(b)').value).toEqual({ information: [], choice: null });
  });
  it('never throws on random text', () => {
    const alphabet = ['<information>', '</information>', '<final_answer>', '</final_answer>', '(a)', '(', ')', 'b', '\n', '- ', 'x', '$1', '\\'];
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      const p = parseRetriever(text);
      expect(p.value.choice === null || [0, 1, 2, 3].includes(p.value.choice)).toBe(true);
      expect(p.formatOk).toBe(p.problems.length === 0);
    }
  });
});

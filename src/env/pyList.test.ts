import { describe, expect, it } from 'vitest';
import { formatPythonStringList, parsePythonStringList } from './pyList';

describe('parsePythonStringList', () => {
  it('reads single and double quotes, escapes, and commas and brackets inside strings', () => {
    const r = parsePythonStringList(`['a, b]', "it's", 'say \\'hi\\'', "tab\\there", 'x\\ny', '\\u00e9\\x41', r'raw\\n']`);
    expect(r).toEqual({ ok: true, values: ['a, b]', "it's", "say 'hi'", 'tab\there', 'x\ny', 'éA', 'raw\\n'] });
  });
  it('accepts an empty list, trailing commas and adjacent literals', () => {
    expect(parsePythonStringList('[]')).toEqual({ ok: true, values: [] });
    expect(parsePythonStringList(`['a' "b", ]`)).toEqual({ ok: true, values: ['ab'] });
  });
  it('reports unclosed strings, missing brackets and trailing text with an offset', () => {
    expect(parsePythonStringList(`['abc`)).toMatchObject({ ok: false, error: 'unclosed string', offset: 1 });
    expect(parsePythonStringList(`'abc'`)).toMatchObject({ ok: false, offset: 0 });
    expect(parsePythonStringList(`['a'] x`)).toMatchObject({ ok: false, error: 'text after the closing "]"' });
    expect(parsePythonStringList(`['a' 'b' 3]`)).toMatchObject({ ok: false });
  });
  it('round-trips what it formats, choosing quotes like Python repr', () => {
    const values = ["it's", 'plain', 'both \' and "', 'back\\slash', 'line\nbreak'];
    const text = formatPythonStringList(values);
    expect(text.startsWith(`["it's", 'plain'`)).toBe(true);
    expect(parsePythonStringList(text)).toEqual({ ok: true, values });
  });
});

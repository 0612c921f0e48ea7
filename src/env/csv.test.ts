import { describe, expect, it } from 'vitest';
import { readCsv, type CsvRecord } from './csv';
import { CsvHeaderError, DatasetRowError, ParseTimeoutError } from './errors';
import { deadlineFrom, stringSource } from './source';

const schema = { required: ['a', 'b'], optional: ['c'], allowExtra: false };
const forever = deadlineFrom({ maxBytes: 1e9, timeoutMs: 1e9 });

async function read(text: string, chunk = 5) {
  const rows: [CsvRecord, number][] = [];
  const result = await readCsv(stringSource('t.csv', text, chunk), schema, forever, (r, n) => rows.push([r, n]));
  return { rows, result };
}

describe('readCsv', () => {
  it('streams CRLF rows with multi-line quoted fields across chunk boundaries', async () => {
    const { rows, result } = await read('a,b\r\n1,"two\r\nlines, ""quoted"""\r\n3,4\r\n');
    expect(result.columns).toEqual(['a', 'b']);
    expect(rows.map(([r, n]) => [r.a, r.b, n])).toEqual([
      ['1', 'two\r\nlines, "quoted"', 2],
      ['3', '4', 3],
    ]);
    expect(Object.getPrototypeOf(rows[0][0])).toBeNull();
  });
  it('refuses __proto__ and constructor headers without touching Object.prototype', async () => {
    await expect(read('a,b,__proto__\n1,2,{"polluted":1}\n')).rejects.toThrow(CsvHeaderError);
    await expect(read('a,b,constructor\n1,2,3\n')).rejects.toThrow(/column 3 is named "constructor"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('names missing, extra and duplicate columns', async () => {
    await expect(read('a\n1\n')).rejects.toThrow(/t\.csv, row 1, column "b": missing column b/);
    await expect(read('a,b,z\n1,2,3\n')).rejects.toThrow(/unexpected column z/);
    await expect(read('a,b,a\n1,2,3\n')).rejects.toThrow(/column "a" appears twice/);
    await expect(read('')).rejects.toThrow(/the file is empty/);
  });
  it('names the row of an unclosed quote and of a row with the wrong field count', async () => {
    const quote = read('a,b\n1,2\n3,"open\n5,6\n');
    await expect(quote).rejects.toThrow(DatasetRowError);
    await expect(quote).rejects.toThrow(/row 3: a quoted field is not closed/);
    await expect(read('a,b\n1,2\n3,4,5\n')).rejects.toThrow(/row 3, column "#3": 3 fields where the header has 2/);
  });
  it('stops with ParseTimeoutError when the clock runs past the limit', async () => {
    let t = 0;
    const deadline = deadlineFrom({ maxBytes: 1e9, timeoutMs: 50 }, () => (t += 20));
    const run = readCsv(stringSource('slow.csv', 'a,b\n1,2\n3,4\n5,6\n7,8\n'), schema, deadline, () => {});
    await expect(run).rejects.toThrow(ParseTimeoutError);
  });
  it('collects row errors when asked, and goes on', async () => {
    const errors: string[] = [];
    const rows: number[] = [];
    await readCsv(stringSource('t.csv', 'a,b\n1,2\n3\n5,6\n'), schema, forever, (_r, n) => rows.push(n), (e) => errors.push(e.message));
    expect(rows).toEqual([2, 4]);
    expect(errors).toEqual([expect.stringMatching(/row 3, column "b"/)]);
  });
});

describe('linesOf', () => {
  it('splits LF and CRLF lines across any chunking, keeping a last line without a newline', async () => {
    const { linesOf } = await import('./source');
    for (const size of [1, 2, 3, 100]) {
      const got: [number, string][] = [];
      for await (const l of linesOf(stringSource('x', 'ab\r\n\ncd\nlast', size))) got.push([l.line, l.text]);
      expect(got).toEqual([[1, 'ab'], [2, ''], [3, 'cd'], [4, 'last']]);
    }
  });
});

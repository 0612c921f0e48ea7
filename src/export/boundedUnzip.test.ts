import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { outsidePath, unzipBounded } from './boundedUnzip';
import { AdapterArchiveError } from './errors';

const big = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * seed) % 251);

describe('unzipBounded', () => {
  it('returns every entry byte for byte, stored or deflated, across many 64 KiB input slices', () => {
    const files = { 'a/x.bin': big(150_000, 7), 'b.txt': strToU8('hello') };
    const zip = zipSync({ 'a/x.bin': [files['a/x.bin'], { level: 0 }], 'b.txt': [files['b.txt'], { level: 6 }] });
    expect(unzipBounded(zip, 'z.zip')).toEqual({ files, skipped: [] });
  });

  it('refuses an entry whose declared size is over the per-entry limit, and a total over the archive limit', () => {
    const zip = zipSync({ 'x.bin': big(5000, 3), 'y.bin': big(5000, 5) });
    expect(() => unzipBounded(zip, 'z.zip', { maxEntryBytes: 4000, maxTotalBytes: 1e9 })).toThrow(/z\.zip: x\.bin declares 5\.00 kB, over the limit of 4\.00 kB/);
    expect(() => unzipBounded(zip, 'z.zip', { maxEntryBytes: 1e9, maxTotalBytes: 8000 })).toThrow(AdapterArchiveError);
  });

  it('skips and names entries whose paths leave the archive', () => {
    const zip = zipSync({ '../up.txt': strToU8('x'), 'ok.txt': strToU8('y') });
    const r = unzipBounded(zip, 'z.zip');
    expect(Object.keys(r.files)).toEqual(['ok.txt']);
    expect(r.skipped).toEqual([{ path: '../up.txt', reason: 'a path outside the archive' }]);
    expect(outsidePath('/etc/passwd')).toBeDefined();
    expect(outsidePath('C:/x')).toBeDefined();
    expect(outsidePath('a/b..c/d')).toBeUndefined();
  });

  it('a truncated or foreign file is AdapterArchiveError', () => {
    const zip = zipSync({ 'x.txt': strToU8('hello') });
    expect(() => unzipBounded(zip.subarray(0, zip.length - 10), 'z.zip')).toThrow(/z\.zip is not a readable zip/);
    expect(() => unzipBounded(strToU8('not a zip'), 'n.zip')).toThrow(AdapterArchiveError);
  });
});

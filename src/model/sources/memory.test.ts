import { describe, expect, it } from 'vitest';
import { ModelFileMissingError } from '../errors';
import { memoryFiles } from './memory';

describe('memoryFiles', () => {
  it('reads the files it holds with progress and names a missing one', async () => {
    const files = memoryFiles('run-1/extractor', { 'a.json': new Uint8Array([1, 2, 3]) });
    const seen: number[] = [];
    expect(await files.has('a.json')).toBe(true);
    expect(await files.has('toString')).toBe(false);
    expect([...(await files.read('a.json', (p) => seen.push(p.loaded)))]).toEqual([1, 2, 3]);
    expect(seen).toEqual([3]);
    await expect(files.read('b.json')).rejects.toThrow(ModelFileMissingError);
    await expect(files.read('b.json')).rejects.toThrow(/run-1\/extractor has no file b\.json; it holds a\.json/);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelFileFormatError, ModelFileMissingError } from '../errors';
import { readJson } from '../files';
import { nodeFolderFiles } from './nodeFolder';

const TINY = new URL('../../../../shared/fixtures/models/tiny-llama-f32', import.meta.url).pathname;

describe('nodeFolderFiles', () => {
  it('reads a fixture config and reports progress', async () => {
    const files = nodeFolderFiles(TINY);
    expect(await files.has('config.json')).toBe(true);
    expect(await files.has('nope.json')).toBe(false);
    const seen: number[] = [];
    const bytes = await files.read('config.json', (p) => seen.push(p.loaded));
    expect(bytes.byteLength).toBeGreaterThan(10);
    expect(seen).toEqual([bytes.byteLength]);
    const config = await readJson<{ architectures: string[] }>(files, 'config.json');
    expect(config.architectures[0]).toBe('LlamaForCausalLM');
  });

  it('names a missing file and bad JSON', async () => {
    const files = nodeFolderFiles(TINY);
    await expect(files.read('missing.bin')).rejects.toBeInstanceOf(ModelFileMissingError);
    await expect(readJson(files, 'model.safetensors')).rejects.toBeInstanceOf(ModelFileFormatError);
  });

  it('reads a file over the whole-read limit (2 GiB in Node) in slices, byte for byte, with progress per slice', async () => {
    const whole = new Uint8Array(readFileSync(join(TINY, 'model.safetensors')));
    const seen: number[] = [];
    const sliced = await nodeFolderFiles(TINY, { wholeReadLimit: 1000, slice: 4096 }).read('model.safetensors', (p) => seen.push(p.loaded));
    expect(sliced).toEqual(whole);
    expect(seen.length).toBe(Math.ceil(whole.byteLength / 4096));
    expect(seen.at(-1)).toBe(whole.byteLength);
  });
});

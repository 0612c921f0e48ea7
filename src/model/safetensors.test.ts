import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCheckpoint } from './checkpoint';
import { SafetensorsHeaderError, WeightMismatchError } from './engineErrors';
import { parseSafetensors, readTensor, writeSafetensors } from './safetensors';
import { nodeFolderFiles } from './sources/nodeFolder';
import { FIXTURES } from './testing/fixtures';

/** A file from a raw header object and a data section of `dataBytes` bytes. */
function file(header: unknown, dataBytes: number, headerText?: string): Uint8Array {
  const json = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

function headerError(bytes: Uint8Array): SafetensorsHeaderError {
  try {
    parseSafetensors(bytes, 'bad.safetensors');
  } catch (err) {
    expect(err).toBeInstanceOf(SafetensorsHeaderError);
    return err as SafetensorsHeaderError;
  }
  throw new Error('expected a SafetensorsHeaderError');
}

const t = (dtype: string, shape: number[], begin: number, end: number) => ({ dtype, shape, data_offsets: [begin, end] });

describe('safetensors reading', () => {
  it('round-trips what it writes, in F32', () => {
    const bytes = writeSafetensors([
      { name: 'a', tensor: { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) } },
      { name: 'b', tensor: { shape: [1], data: Float32Array.from([-0.5]) } },
    ]);
    const st = parseSafetensors(bytes);
    expect((8 + Number(new DataView(bytes.buffer).getBigUint64(0, true))) % 8).toBe(0);
    expect(Array.from(readTensor(st, 'a').data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(readTensor(st, 'b')).toEqual({ shape: [1], data: Float32Array.from([-0.5]) });
    expect(st.metadata).toEqual({ format: 'pt' });
  });

  it('decodes F16 and BF16', () => {
    const bytes = file({ h: t('F16', [3], 0, 6), b: t('BF16', [2], 6, 10) }, 10);
    const data = new DataView(bytes.buffer, bytes.length - 10);
    [0x3c00, 0xc000, 0x0001].forEach((v, i) => data.setUint16(i * 2, v, true)); // 1, -2, smallest subnormal
    [0x3f80, 0xbfc0].forEach((v, i) => data.setUint16(6 + i * 2, v, true)); // 1, -1.5
    const st = parseSafetensors(bytes);
    expect(Array.from(readTensor(st, 'h').data)).toEqual([1, -2, Math.fround(2 ** -24)]);
    expect(Array.from(readTensor(st, 'b').data)).toEqual([1, -1.5]);
  });

  it('reads the BF16 fixture checkpoint', () => {
    const st = parseSafetensors(readFileSync(join(FIXTURES, 'tiny-qwen2-bf16', 'model.safetensors')));
    expect(st.tensors.get('model.layers.0.self_attn.q_proj.bias')).toMatchObject({ dtype: 'BF16', shape: [64] });
  });
});

describe('safetensors bad input: named errors naming the tensor or field', () => {
  it('a header length past the end of the file', () => {
    const bytes = file({ a: t('F32', [1], 0, 4) }, 4);
    new DataView(bytes.buffer).setBigUint64(0, 10_000n, true);
    expect(headerError(bytes).message).toMatch(/runs past the end of the file/);
  });

  it('a file shorter than the length prefix', () => {
    expect(headerError(new Uint8Array(5)).message).toMatch(/truncated/);
  });

  it('a header over 100 MB', () => {
    const bytes = file({}, 0);
    new DataView(bytes.buffer).setBigUint64(0, 100n * 1024n * 1024n + 1n, true);
    expect(headerError(bytes).message).toMatch(/over the 100 MB limit/);
  });

  it('a header length beyond 2^53', () => {
    const bytes = file({}, 0);
    new DataView(bytes.buffer).setBigUint64(0, 2n ** 60n, true);
    expect(headerError(bytes).message).toMatch(/beyond 2\^53/);
  });

  it('overlapping offsets', () => {
    const err = headerError(file({ a: t('F32', [2], 0, 8), b: t('F32', [2], 4, 12) }, 12));
    expect(err.message).toMatch(/"b" .* overlaps tensor "a"/);
    expect(err.data.tensor).toBe('b');
  });

  it('gapped offsets', () => {
    const err = headerError(file({ a: t('F32', [1], 0, 4), b: t('F32', [1], 8, 12) }, 12));
    expect(err.message).toMatch(/gap of 4 bytes before tensor "b"/);
    expect(err.data.tensor).toBe('b');
  });

  it('data running past the file, and bytes no tensor covers', () => {
    expect(headerError(file({ a: t('F32', [2], 0, 8) }, 4)).message).toMatch(/tensor "a" ends at 8, past the data section/);
    expect(headerError(file({ a: t('F32', [1], 0, 4) }, 8)).message).toMatch(/4 bytes after the last tensor/);
  });

  it('a shape/dtype/size mismatch', () => {
    const err = headerError(file({ w: t('F16', [2, 3], 0, 24) }, 24));
    expect(err.message).toMatch(/"w" is F16 \[2,3\] = 12 bytes but its data_offsets span 24 bytes/);
    expect(err.data.tensor).toBe('w');
  });

  it('an integer beyond 2^53 in offsets or shape', () => {
    const text = '{"big":{"dtype":"F32","shape":[1],"data_offsets":[0,18014398509481988]}}';
    const err = headerError(file(null, 4, text));
    expect(err.message).toMatch(/tensor "big" has integer 18014398509481988 beyond 2\^53/);
    expect(err.data.tensor).toBe('big');
    const text2 = '{"s":{"dtype":"F32","shape":[9007199254740993],"data_offsets":[0,4]}}';
    expect(headerError(file(null, 4, text2)).data.tensor).toBe('s');
  });

  it('an unknown dtype', () => {
    const err = headerError(file({ q: t('I8', [4], 0, 4) }, 4));
    expect(err.message).toMatch(/"q" has dtype "I8"; supported: F32, F16, BF16/);
    expect(err.data.tensor).toBe('q');
  });

  it('a header that is not JSON', () => {
    expect(headerError(file(null, 0, '{"a": [')).message).toMatch(/not valid JSON/);
  });
});

describe('checkpoints: single file and sharded index', () => {
  it('reads a sharded model.safetensors.index.json and names a tensor missing from its shard', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shards-'));
    const one = (v: number) => ({ shape: [1], data: Float32Array.from([v]) });
    writeFileSync(join(dir, 's1.safetensors'), writeSafetensors([{ name: 'a', tensor: one(1) }]));
    writeFileSync(join(dir, 's2.safetensors'), writeSafetensors([{ name: 'b', tensor: one(2) }]));
    writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: { a: 's1.safetensors', b: 's2.safetensors' } }));
    const ckpt = await openCheckpoint(nodeFolderFiles(dir));
    expect(ckpt.names().sort()).toEqual(['a', 'b']);
    expect(Array.from(ckpt.get('b').data)).toEqual([2]);
    expect(() => ckpt.get('c')).toThrow(WeightMismatchError);

    writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: { a: 's1.safetensors', c: 's2.safetensors' } }));
    await expect(openCheckpoint(nodeFolderFiles(dir))).rejects.toThrow(/tensor "c" in s2.safetensors, which does not contain it/);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue, fromBase64, toBase64 } from './backupCodec';

const roundTrip = (v: unknown) => decodeValue(JSON.parse(JSON.stringify(encodeValue(v))));

describe('lossless JSON for stored rows', () => {
  it('keeps NaN, ±Infinity, -0, undefined, typed arrays and dates', () => {
    const v = { a: NaN, b: [Infinity, -Infinity, -0, 1.5], c: undefined, d: new Uint8Array([0, 255, 7]), e: new Float32Array([0.1, NaN]), f: new Date(5), g: null, h: 'x' };
    const back = roundTrip(v) as typeof v;
    expect(back).toEqual(v);
    expect(Object.is(back.b[2], -0)).toBe(true);
    expect('c' in back).toBe(true);
    expect(back.d).toBeInstanceOf(Uint8Array);
    expect(back.e).toBeInstanceOf(Float32Array);
  });

  it('keeps data keys that look like tags, and "__proto__" as data', () => {
    const v = JSON.parse('{"$n":"NaN","$b":"AAA=","__proto__":{"polluted":true},"x":{"$u":1}}') as Record<string, unknown>;
    const back = roundTrip(v) as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(['$n', '$b', '__proto__', 'x']);
    expect(back.$n).toBe('NaN');
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses unknown tags', () => {
    expect(() => decodeValue({ $n: 'big' })).toThrow(/unknown number tag/);
    expect(() => decodeValue({ $t: 'BigInt64Array', $b: 'AAAAAAAAAAA=' })).toThrow(/unknown typed array/);
    expect(() => decodeValue({ $zz: 1 })).toThrow(/unknown tag/);
  });

  it('base64 round-trips large buffers', () => {
    const big = new Uint8Array(100_000).map((_, i) => (i * 31) % 256);
    expect(fromBase64(toBase64(big))).toEqual(big);
  });
});

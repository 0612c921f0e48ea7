// Lossless JSON for IndexedDB rows: NaN, ±Infinity, -0, undefined, typed arrays and Dates survive as
// tagged objects ({"$n": "NaN"}, {"$b": base64}, …); a plain object with a "$" key is wrapped in {"$o": …}.

const TYPED = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedName = keyof typeof TYPED;

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function typedName(v: ArrayBufferView): TypedName | undefined {
  for (const name of Object.keys(TYPED) as TypedName[]) if (v instanceof TYPED[name]) return name;
  return undefined;
}

/** A JSON-safe copy of a structured-cloneable value. */
export function encodeValue(v: unknown): unknown {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { $n: 'NaN' };
    if (v === Infinity) return { $n: 'Infinity' };
    if (v === -Infinity) return { $n: '-Infinity' };
    if (Object.is(v, -0)) return { $n: '-0' };
    return v;
  }
  if (v === undefined) return { $u: 1 };
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(encodeValue);
  if (ArrayBuffer.isView(v)) {
    const name = typedName(v);
    if (!name) throw new TypeError(`Cannot back up a ${v.constructor.name}.`);
    const bytes = toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    return name === 'Uint8Array' ? { $b: bytes } : { $t: name, $b: bytes };
  }
  if (v instanceof Date) return { $d: v.getTime() };
  const out: Record<string, unknown> = {};
  let tagged = false;
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('$')) tagged = true;
    Object.defineProperty(out, k, { value: encodeValue(x), enumerable: true, writable: true, configurable: true });
  }
  return tagged ? { $o: out } : out;
}

const NUMBERS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/** The value encodeValue was given. Throws TypeError on a malformed tag (the caller names the file and line). */
export function decodeValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(decodeValue);
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === '$n') {
    const n = NUMBERS[String(o.$n)];
    if (n === undefined) throw new TypeError(`unknown number tag ${JSON.stringify(o.$n)}`);
    return n;
  }
  if (keys.length === 1 && keys[0] === '$u') return undefined;
  if (keys.length === 1 && keys[0] === '$d') return new Date(Number(o.$d));
  if ('$b' in o && typeof o.$b === 'string' && keys.length <= 2) {
    const bytes = fromBase64(o.$b);
    if (keys.length === 1) return bytes;
    const name = o.$t as TypedName;
    const Ctor = TYPED[name] as (typeof TYPED)[TypedName] | undefined;
    if (!Ctor) throw new TypeError(`unknown typed array ${JSON.stringify(o.$t)}`);
    const size = Ctor.BYTES_PER_ELEMENT;
    if (bytes.byteLength % size !== 0) throw new TypeError(`${name} of ${bytes.byteLength} bytes`);
    return new Ctor(bytes.buffer, 0, bytes.byteLength / size);
  }
  if (keys.length === 1 && keys[0] === '$o' && typeof o.$o === 'object' && o.$o !== null) return decodeObject(o.$o as Record<string, unknown>);
  if (keys.some((k) => k.startsWith('$'))) throw new TypeError(`unknown tag in ${JSON.stringify(keys)}`);
  return decodeObject(o);
}

function decodeObject(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // defineProperty, so a "__proto__" key stays data and never sets the prototype.
  for (const [k, x] of Object.entries(o)) Object.defineProperty(out, k, { value: decodeValue(x), enumerable: true, writable: true, configurable: true });
  return out;
}

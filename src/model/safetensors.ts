// The safetensors format: parse and validate a file (F32/F16/BF16 → Float32Array), and write one (F32).
// Every malformed header is a SafetensorsHeaderError naming the file and the tensor or field at fault.

import { SafetensorsHeaderError } from './engineErrors';

export const MAX_HEADER_BYTES = 100 * 1024 * 1024;
export const SUPPORTED_DTYPES = ['F32', 'F16', 'BF16'] as const;
export type SafetensorsDtype = (typeof SUPPORTED_DTYPES)[number];
const BYTES: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2 };
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

export interface TensorEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** Byte range inside the data section (after the header). */
  begin: number;
  end: number;
}

export interface SafetensorsFile {
  file: string;
  metadata: Record<string, string>;
  tensors: Map<string, TensorEntry>;
  /** The data section: bytes after the 8-byte length and the header. */
  data: Uint8Array;
}

/** A float tensor on the host, row-major. */
export interface HostTensor {
  shape: number[];
  data: Float32Array;
}

function fail(file: string, message: string, tensor?: string): never {
  throw new SafetensorsHeaderError(`${file}: ${message}`, { file, tensor: tensor ?? null });
}

function safeInt(file: string, v: unknown, what: string, tensor?: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail(file, `${what} must be a non-negative integer, got ${JSON.stringify(v)}.`, tensor);
  if (!Number.isSafeInteger(v)) fail(file, `${what} (${v}) is beyond 2^53 and cannot be represented exactly.`, tensor);
  return v;
}

/** Read the little-endian u64 header length; beyond 2^53 is an error rather than a silent rounding. */
function headerLength(file: string, bytes: Uint8Array): number {
  if (bytes.byteLength < 8) fail(file, `is ${bytes.byteLength} bytes, shorter than the 8-byte header length. The file is truncated.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const big = view.getBigUint64(0, true);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) fail(file, `header length ${big} is beyond 2^53; this is not a safetensors file.`);
  const n = Number(big);
  if (n > MAX_HEADER_BYTES) fail(file, `header length ${n} bytes is over the 100 MB limit; the file is corrupt or not safetensors.`);
  if (8 + n > bytes.byteLength) fail(file, `header length ${n} runs past the end of the file (${bytes.byteLength} bytes). The file is truncated; re-download it.`);
  return n;
}

/**
 * Large integers (> 2^53) in the header JSON would round silently in JSON.parse, so find them in the
 * text first: any run of 16+ digits is checked as a BigInt.
 */
function checkBigIntegers(file: string, text: string): void {
  for (const m of text.matchAll(/"([^"\\]*)"\s*:\s*\{[^}]*\}/g)) {
    if (m[1] === '__metadata__') continue;
    for (const d of m[0].matchAll(/\d{16,}/g)) {
      if (BigInt(d[0]) > BigInt(Number.MAX_SAFE_INTEGER)) fail(file, `tensor "${m[1]}" has integer ${d[0]} beyond 2^53.`, m[1]);
    }
  }
}

/** Parse and validate a whole safetensors file. */
export function parseSafetensors(bytes: Uint8Array, file = 'model.safetensors'): SafetensorsFile {
  const n = headerLength(file, bytes);
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
  checkBigIntegers(file, text);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (err) {
    fail(file, `header is not valid JSON (${(err as Error).message}).`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail(file, 'header must be a JSON object.');
  const data = bytes.subarray(8 + n);
  const tensors = new Map<string, TensorEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = (raw ?? {}) as Record<string, string>;
      continue;
    }
    const e = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof e !== 'object' || e === null) fail(file, `tensor "${name}" entry must be an object.`, name);
    if (!SUPPORTED_DTYPES.includes(e.dtype as SafetensorsDtype)) {
      fail(file, `tensor "${name}" has dtype ${JSON.stringify(e.dtype)}; supported: ${SUPPORTED_DTYPES.join(', ')}. Convert the checkpoint to one of them.`, name);
    }
    const dtype = e.dtype as SafetensorsDtype;
    if (!Array.isArray(e.shape)) fail(file, `tensor "${name}" has no shape array.`, name);
    const shape = e.shape.map((d, i) => safeInt(file, d, `shape[${i}]`, name));
    if (!Array.isArray(e.data_offsets) || e.data_offsets.length !== 2) fail(file, `tensor "${name}" needs data_offsets [begin, end].`, name);
    const begin = safeInt(file, e.data_offsets[0], 'data_offsets[0]', name);
    const end = safeInt(file, e.data_offsets[1], 'data_offsets[1]', name);
    if (end < begin) fail(file, `tensor "${name}" has data_offsets [${begin}, ${end}] with end before begin.`, name);
    const elements = shape.reduce((a, b) => a * b, 1);
    const expected = elements * BYTES[dtype];
    if (!Number.isSafeInteger(expected)) fail(file, `tensor "${name}" size is beyond 2^53 bytes.`, name);
    if (end - begin !== expected) {
      fail(file, `tensor "${name}" is ${dtype} ${JSON.stringify(shape)} = ${expected} bytes but its data_offsets span ${end - begin} bytes.`, name);
    }
    tensors.set(name, { name, dtype, shape, begin, end });
  }
  checkLayout(file, [...tensors.values()], data.byteLength);
  return { file, metadata, tensors, data };
}

/** The data section must be covered exactly: sorted ranges neither overlap nor leave gaps, and end at EOF. */
function checkLayout(file: string, entries: TensorEntry[], dataBytes: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = 0;
  let prev: TensorEntry | undefined;
  for (const e of sorted) {
    if (e.begin < pos) fail(file, `tensor "${e.name}" [${e.begin}, ${e.end}) overlaps tensor "${prev?.name}" ending at ${pos}.`, e.name);
    if (e.begin > pos) fail(file, `gap of ${e.begin - pos} bytes before tensor "${e.name}" (offset ${e.begin}, previous data ends at ${pos}).`, e.name);
    pos = e.end;
    prev = e;
  }
  if (pos > dataBytes) fail(file, `tensor "${prev?.name}" ends at ${pos}, past the data section (${dataBytes} bytes). The file is truncated.`, prev?.name);
  if (pos < dataBytes) fail(file, `${dataBytes - pos} bytes after the last tensor are not covered by any tensor.`, prev?.name);
}

/** Decode one tensor to float32. */
export function readTensor(st: SafetensorsFile, name: string): HostTensor {
  const e = st.tensors.get(name);
  if (!e) fail(st.file, `has no tensor "${name}".`, name);
  const bytes = st.data.subarray(e.begin, e.end);
  const count = (e.end - e.begin) / BYTES[e.dtype];
  const out = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (e.dtype === 'F32' && bytes.byteOffset % 4 === 0 && LITTLE_ENDIAN) {
    out.set(new Float32Array(bytes.buffer, bytes.byteOffset, count));
  } else if (e.dtype === 'F32') {
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  } else if (e.dtype === 'BF16') {
    const u32 = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) u32[i] = view.getUint16(i * 2, true) << 16;
  } else {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
  }
  return { shape: e.shape, data: out };
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** Write float32 tensors as a safetensors file, in the given order, header padded to 8 bytes. */
export function writeSafetensors(tensors: { name: string; tensor: HostTensor }[], metadata: Record<string, string> = { format: 'pt' }): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const { name, tensor } of tensors) {
    const bytes = tensor.data.length * 4;
    header[name] = { dtype: 'F32', shape: tensor.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  while ((8 + new TextEncoder().encode(json).length) % 8 !== 0) json += ' ';
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.length;
  for (const { tensor } of tensors) {
    for (let i = 0; i < tensor.data.length; i++) view.setFloat32(pos + i * 4, tensor.data[i] ?? 0, true);
    pos += tensor.data.length * 4;
  }
  return out;
}

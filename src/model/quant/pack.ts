// Weight-only symmetric quantization on the host: int8 per output channel, int4 in groups of 32 along
// the input axis, codes packed little-end-first into int32 words, scales in float32.

import { LabError, registerError } from '../../protocol/errors';

/** A precision the frozen base can be loaded in. */
export type Precision = 'f32' | 'int8' | 'int4';
export const PRECISIONS: readonly Precision[] = ['f32', 'int8', 'int4'];
export type QuantBits = 8 | 4;

/** A weight matrix cannot be quantized as asked (shape), or an unknown precision was named. */
export class QuantizationError extends LabError {}
registerError(QuantizationError);

/** How a packed [out, in] matrix is laid out. */
export interface QuantLayout {
  bits: QuantBits;
  /** Input features that share one scale: in (int8, per output channel) or 32 (int4). */
  groupSize: number;
  inFeatures: number;
  outFeatures: number;
}

/** Host form: packed [out, in·bits/32] int32 words and scales [out, in/groupSize]. */
export interface HostQuantized extends QuantLayout {
  packed: Int32Array;
  scales: Float32Array;
}

export const INT4_GROUP = 32;

export function parsePrecision(text: string): Precision {
  if ((PRECISIONS as readonly string[]).includes(text)) return text as Precision;
  throw new QuantizationError(`Precision "${text}" is not supported; use one of ${PRECISIONS.join(', ')}.`, { field: 'precision' });
}

export function bitsOf(precision: Exclude<Precision, 'f32'>): QuantBits {
  return precision === 'int8' ? 8 : 4;
}

/** Codes per int32 word, the offset added to a signed code to store it unsigned, and its mask. */
export function codeFormat(bits: QuantBits): { perWord: number; offset: number; mask: number; maxCode: number } {
  return bits === 8 ? { perWord: 4, offset: 128, mask: 0xff, maxCode: 127 } : { perWord: 8, offset: 8, mask: 0xf, maxCode: 7 };
}

export function layoutFor(bits: QuantBits, outFeatures: number, inFeatures: number, name: string): QuantLayout {
  const groupSize = bits === 8 ? inFeatures : INT4_GROUP;
  const { perWord } = codeFormat(bits);
  if (inFeatures % perWord !== 0 || inFeatures % groupSize !== 0) {
    throw new QuantizationError(
      `Tensor "${name}" has ${inFeatures} input features; int${bits} needs a multiple of ${Math.max(perWord, groupSize === inFeatures ? perWord : groupSize)}. Load this model with precision f32.`,
      { tensor: name },
    );
  }
  return { bits, groupSize, inFeatures, outFeatures };
}

/** Quantize w [out, in] (row-major): scale = max|w| / maxCode per group, code = round(w / scale). */
export function quantize(w: Float32Array, layout: QuantLayout): HostQuantized {
  const { bits, groupSize, inFeatures: n, outFeatures: out } = layout;
  const { perWord, offset, maxCode } = codeFormat(bits);
  const groups = n / groupSize;
  const packed = new Int32Array((out * n) / perWord);
  const scales = new Float32Array(out * groups);
  for (let o = 0; o < out; o++) {
    for (let g = 0; g < groups; g++) {
      const start = o * n + g * groupSize;
      let max = 0;
      for (let i = 0; i < groupSize; i++) max = Math.max(max, Math.abs(w[start + i] ?? 0));
      const scale = Math.fround(max / maxCode);
      scales[o * groups + g] = scale;
      for (let i = 0; i < groupSize; i++) {
        const code = scale === 0 ? 0 : Math.max(-maxCode, Math.min(maxCode, Math.round((w[start + i] ?? 0) / scale)));
        const flat = start + i;
        const word = Math.floor(flat / perWord);
        packed[word] = (packed[word] ?? 0) | ((code + offset) << ((flat % perWord) * bits));
      }
    }
  }
  return { ...layout, packed, scales };
}

/** The float32 matrix the packed codes stand for (the reference the kernels are tested against). */
export function dequantize(q: HostQuantized): Float32Array {
  const { bits, groupSize, inFeatures: n, outFeatures: out } = q;
  const { perWord, offset, mask } = codeFormat(bits);
  const groups = n / groupSize;
  const w = new Float32Array(out * n);
  for (let o = 0; o < out; o++) {
    for (let i = 0; i < n; i++) {
      const flat = o * n + i;
      const code = (((q.packed[Math.floor(flat / perWord)] ?? 0) >>> ((flat % perWord) * bits)) & mask) - offset;
      w[flat] = code * (q.scales[o * groups + Math.floor(i / groupSize)] ?? 0);
    }
  }
  return w;
}

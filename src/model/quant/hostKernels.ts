// The wasm/cpu numerics of the quantized kernels on plain typed arrays: y = x·Wᵀ, dx = dy·W and row
// dequantization, unpacking one weight row at a time (the float32 matrix never exists as a whole).

import { codeFormat, type QuantLayout } from './pack';

/** Signed codes of output row o into `row` [in]. */
function unpackRow(packed: ArrayLike<number>, o: number, layout: QuantLayout, row: Float32Array): void {
  const { bits, inFeatures: n } = layout;
  const { perWord, offset, mask } = codeFormat(bits);
  const words = n / perWord;
  for (let w = 0; w < words; w++) {
    const word = packed[o * words + w] ?? 0;
    for (let j = 0; j < perWord; j++) row[w * perWord + j] = ((word >>> (j * bits)) & mask) - offset;
  }
}

/** x [rows, in] · Wᵀ → [rows, out]; each group's partial dot is scaled once, as the WGSL kernel does. */
export function hostQuantMatMul(x: ArrayLike<number>, rows: number, packed: ArrayLike<number>, scales: ArrayLike<number>, layout: QuantLayout): Float32Array {
  const { inFeatures: n, outFeatures: out, groupSize } = layout;
  const groups = n / groupSize;
  const y = new Float32Array(rows * out);
  const codes = new Float32Array(n);
  for (let o = 0; o < out; o++) {
    unpackRow(packed, o, layout, codes);
    for (let r = 0; r < rows; r++) {
      const base = r * n;
      let acc = 0;
      for (let g = 0; g < groups; g++) {
        let part = 0;
        const end = (g + 1) * groupSize;
        for (let i = g * groupSize; i < end; i++) part += (x[base + i] ?? 0) * (codes[i] ?? 0);
        acc += part * (scales[o * groups + g] ?? 0);
      }
      y[r * out + o] = acc;
    }
  }
  return y;
}

/** dy [rows, out] · W → [rows, in]: the gradient of hostQuantMatMul with respect to x. */
export function hostQuantMatMulT(dy: ArrayLike<number>, rows: number, packed: ArrayLike<number>, scales: ArrayLike<number>, layout: QuantLayout): Float32Array {
  const { inFeatures: n, outFeatures: out, groupSize } = layout;
  const groups = n / groupSize;
  const dx = new Float64Array(rows * n);
  const w = new Float32Array(n);
  for (let o = 0; o < out; o++) {
    unpackRow(packed, o, layout, w);
    for (let i = 0; i < n; i++) w[i] = (w[i] ?? 0) * (scales[o * groups + Math.floor(i / groupSize)] ?? 0);
    for (let r = 0; r < rows; r++) {
      const g = dy[r * out + o] ?? 0;
      if (g === 0) continue;
      const base = r * n;
      for (let i = 0; i < n; i++) dx[base + i] = (dx[base + i] ?? 0) + g * (w[i] ?? 0);
    }
  }
  return Float32Array.from(dx);
}

/** Rows `ids` of the packed matrix as float32 [ids, in] (the embedding lookup). */
export function hostDequantRows(packed: ArrayLike<number>, scales: ArrayLike<number>, ids: ArrayLike<number>, layout: QuantLayout): Float32Array {
  const { inFeatures: n, groupSize } = layout;
  const groups = n / groupSize;
  const out = new Float32Array(ids.length * n);
  const codes = new Float32Array(n);
  for (let r = 0; r < ids.length; r++) {
    const row = ids[r] ?? 0;
    unpackRow(packed, row, layout, codes);
    for (let i = 0; i < n; i++) out[r * n + i] = (codes[i] ?? 0) * (scales[row * groups + Math.floor(i / groupSize)] ?? 0);
  }
  return out;
}

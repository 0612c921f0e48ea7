import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { enableGradients } from '../gradients';
import { quantGatherRows, quantMatMul, uploadQuantized } from './kernels';
import { dequantize, layoutFor, parsePrecision, quantize, QuantizationError, type QuantBits } from './pack';
import { relErr } from '../testing/quantChecks';

/** Fresh, never-zero random values: a new seed every call. */
function random(n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = Math.random() * 2 - 1;
    out[i] = v === 0 ? 0.5 : v;
  }
  return out;
}

describe('packing', () => {
  it.each([8, 4] as const)('int%i codes round-trip within half a step of each group scale', (bits) => {
    const layout = layoutFor(bits, 6, 64, 'w');
    const w = random(6 * 64);
    const q = quantize(w, layout);
    const back = dequantize(q);
    for (let i = 0; i < w.length; i++) {
      const scale = q.scales[Math.floor(i / 64) * (64 / layout.groupSize) + Math.floor((i % 64) / layout.groupSize)] ?? 0;
      expect(scale).toBeGreaterThan(0);
      expect(Math.abs((back[i] ?? 0) - (w[i] ?? 0))).toBeLessThanOrEqual(scale / 2 + 1e-7);
    }
    expect(q.packed.length).toBe((6 * 64 * bits) / 32);
  });

  it('rejects shapes that do not pack and unknown precisions, by name', () => {
    expect(() => layoutFor(4, 8, 48, 'model.layers.0.mlp.up_proj.weight')).toThrow(/up_proj.*multiple of 32/);
    expect(() => layoutFor(8, 8, 30, 'x')).toThrow(QuantizationError);
    expect(() => parsePrecision('fp16')).toThrow(/f32, int8, int4/);
  });
});

describe.each(['cpu', 'wasm'] as const)('quantized kernels on %s', (backend) => {
  const cases: [QuantBits, number, number, number][] = [
    [8, 5, 96, 40],
    [4, 7, 128, 24],
    [4, 1, 64, 320],
  ];
  it.each(cases)('int%i: x[%i, %i]·Wᵀ (out %i) matches dequantize-then-matmul to 1e-4 relative, and so does dx', async (bits, rows, inF, out) => {
    await initBackend(backend);
    await enableGradients();
    const q = quantize(random(out * inF), layoutFor(bits, out, inF, 'w'));
    const m = uploadQuantized(q);
    const x = tf.tensor2d(random(rows * inF), [rows, inF]);
    const dy = tf.tensor2d(random(rows * out), [rows, out]);
    const wRef = tf.tensor2d(dequantize(q), [out, inF]);
    const y = quantMatMul(x, m);
    const yRef = tf.matMul(x, wRef, false, true);
    expect(relErr(await y.data(), await yRef.data())).toBeLessThan(1e-4);
    const dx = tf.grad((xs: tf.Tensor) => tf.sum(tf.mul(quantMatMul(xs as tf.Tensor2D, m), dy)))(x);
    const dxRef = tf.matMul(dy, wRef);
    expect(relErr(await dx.data(), await dxRef.data())).toBeLessThan(1e-4);
    const ids = tf.tensor1d([out - 1, 0, Math.floor(out / 2), 0], 'int32');
    const rowsQ = quantGatherRows(m, ids);
    const rowsRef = tf.gather(wRef, ids);
    expect(relErr(await rowsQ.data(), await rowsRef.data())).toBe(0);
    tf.dispose([m.packed, m.scales, x, dy, wRef, y, yRef, dx, dxRef, ids, rowsQ, rowsRef]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { enableGradients } from '../gradients';
import { applyRope, ropeTables } from '../layers/rope';
import { decodeAttentionErrors, ropeErrors } from '../testing/fusedChecks';
import { freshRandom } from '../testing/quantChecks';
import { fusedRope } from './rope';

describe.each(['cpu', 'wasm'] as const)('fused RoPE and decode attention on %s', (backend) => {
  it('fused RoPE matches applyRope (q, k and both gradients) to 1e-5 on fresh random inputs', async () => {
    await initBackend(backend);
    await enableGradients();
    const errs = await ropeErrors([
      [2, 4, 2, 5, 16],
      [1, 9, 3, 7, 64],
      [3, 2, 2, 1, 8],
    ]);
    expect(errs).toHaveLength(3);
    for (const e of errs) {
      expect(Object.keys(e)).toEqual(['q', 'k', 'dq', 'dk']);
      for (const v of Object.values(e)) expect(v).toBeLessThan(1e-5);
    }
  });

  it('fused RoPE rounds like the tfjs ops: bit-identical values', async () => {
    await initBackend(backend);
    const [b, h, t, d] = [2, 3, 4, 8];
    const rope = ropeTables(Float64Array.from({ length: d / 2 }, (_, i) => 1 / 100 ** (i / d)), [
      [0, 3, 9, 40],
      [1, 2, 5, 7],
    ]);
    const q = tf.tensor4d(freshRandom(b * h * t * d), [b, h, t, d]);
    const [fq, fk] = fusedRope(q, q, rope);
    const want = await applyRope(q, rope).data();
    expect(Array.from(await fq.data())).toEqual(Array.from(want));
    expect(Array.from(await fk.data())).toEqual(Array.from(want));
    tf.dispose([rope.cos, rope.sin, q, fq, fk]);
  });

  it('fused decode attention matches the unfused step to 1e-5 (GQA, several chunks, padding holes, unfilled slots)', async () => {
    await initBackend(backend);
    const errs = await decodeAttentionErrors([
      [2, 4, 2, 64, 16, 40],
      [3, 9, 3, 192, 64, 130],
      [1, 2, 1, 70, 8, 70],
      [4, 6, 6, 128, 32, 1],
    ]);
    expect(errs).toHaveLength(4);
    for (const e of errs) expect(e).toBeLessThan(1e-5);
  });

  it('decode attention is inference-only: differentiating through it names the missing gradient', async () => {
    await initBackend(backend);
    await enableGradients();
    const { decodeAttention } = await import('./decodeAttention');
    const k = tf.tensor4d(freshRandom(2 * 8 * 4), [1, 2, 8, 4]);
    const mask = tf.zeros<tf.Rank.R2>([1, 8]);
    const q = tf.tensor4d(freshRandom(2 * 4), [1, 2, 1, 4]);
    expect(() => tf.grad((x: tf.Tensor) => tf.sum(decodeAttention(x as tf.Tensor4D, k, k, mask, 0.5)))(q)).toThrow(/ComamDecodeAttention/);
    tf.dispose([k, mask, q]);
  });
});

// Checks of the fused RoPE and decode-attention kernels against the unfused tfjs ops on whatever backend
// is active, on fresh random inputs, so the Node tests and the WebGPU e2e share one implementation.

import * as tf from '@tensorflow/tfjs-core';
import { decodeAttention } from '../fused/decodeAttention';
import { fusedRope } from '../fused/rope';
import { applyRope, ropeTables } from '../layers/rope';
import { freshRandom, relErr } from './quantChecks';

/** [B, Hq, kvH, T, D] */
export type RopeCase = [number, number, number, number, number];

/** Relative errors of the fused rotation against applyRope: q, k, and their gradients (needs enableGradients). */
export async function ropeErrors(cases: RopeCase[]): Promise<Record<string, number>[]> {
  const out: Record<string, number>[] = [];
  for (const [b, hq, hk, t, d] of cases) {
    const invFreq = Float64Array.from({ length: d / 2 }, (_, i) => 1 / 10000 ** ((2 * i) / d));
    const positions = Array.from({ length: b }, () => Array.from({ length: t }, () => Math.floor(Math.random() * 500)));
    const rope = ropeTables(invFreq, positions);
    const q = tf.tensor4d(freshRandom(b * hq * t * d), [b, hq, t, d]);
    const k = tf.tensor4d(freshRandom(b * hk * t * d), [b, hk, t, d]);
    const dq = tf.tensor4d(freshRandom(b * hq * t * d), [b, hq, t, d]);
    const dk = tf.tensor4d(freshRandom(b * hk * t * d), [b, hk, t, d]);
    const loss = (rot: (a: tf.Tensor4D, c: tf.Tensor4D) => [tf.Tensor4D, tf.Tensor4D]) => (a: tf.Tensor, c: tf.Tensor) => {
      const [ra, rc] = rot(a as tf.Tensor4D, c as tf.Tensor4D);
      return tf.add(tf.sum(tf.mul(ra, dq)), tf.sum(tf.mul(rc, dk)));
    };
    const fused = (a: tf.Tensor4D, c: tf.Tensor4D) => fusedRope(a, c, rope);
    const plain = (a: tf.Tensor4D, c: tf.Tensor4D): [tf.Tensor4D, tf.Tensor4D] => [applyRope(a, rope), applyRope(c, rope)];
    const [fq, fk] = fused(q, k);
    const [pq, pk] = plain(q, k);
    const [gq, gk] = tf.grads(loss(fused))([q, k]);
    const [hq2, hk2] = tf.grads(loss(plain))([q, k]);
    const pairs: [string, tf.Tensor | undefined, tf.Tensor | undefined][] = [
      ['q', fq, pq],
      ['k', fk, pk],
      ['dq', gq, hq2],
      ['dk', gk, hk2],
    ];
    const errs: Record<string, number> = {};
    for (const [name, a, c] of pairs) errs[name] = a && c ? relErr(await a.data(), await c.data()) : Infinity;
    out.push(errs);
    tf.dispose([rope.cos, rope.sin, q, k, dq, dk, ...pairs.flatMap(([, a, c]) => [a, c]).filter((x): x is tf.Tensor => x !== undefined)]);
  }
  return out;
}

/** [G, Hq, kvH, S, D, filled]: slots past `filled` are masked as unfilled cache slots. */
export type DecodeCase = [number, number, number, number, number, number];

/** The unfused decode step, as layers/attention.ts runs it for T = 1: q [G, Hq, 1, D] → [G, Hq·D]. */
export function plainDecodeAttention(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, mask: tf.Tensor2D, scale: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [g, hq, , d] = q.shape;
    const [, hk, s] = k.shape;
    const qg = tf.reshape(q, [g, hk, hq / hk, d]); // [G, kvH, g, D]
    const scores = tf.mul(tf.matMul(qg, k, false, true), scale); // [G, kvH, g, S]
    const probs = tf.softmax(tf.add(scores, tf.reshape(mask, [g, 1, 1, s])), -1); // [G, kvH, g, S]
    return tf.reshape(tf.matMul(probs, v), [g, hq * d]); // [G, Hq·D]
  });
}

/**
 * Relative error of the fused decode step against the unfused ops. Each sequence gets fresh random
 * padding holes (as left-padded prompts leave) and every slot at or past `filled` is masked.
 */
export async function decodeAttentionErrors(cases: DecodeCase[]): Promise<number[]> {
  const out: number[] = [];
  for (const [g, hq, hk, s, d, filled] of cases) {
    const q = tf.tensor4d(freshRandom(g * hq * d).map((x) => x * 3), [g, hq, 1, d]);
    const k = tf.tensor4d(freshRandom(g * hk * s * d), [g, hk, s, d]);
    const v = tf.tensor4d(freshRandom(g * hk * s * d), [g, hk, s, d]);
    const m = new Float32Array(g * s);
    for (let i = 0; i < g; i++) {
      const pad = Math.floor(Math.random() * Math.max(1, filled - 1));
      for (let j = 0; j < s; j++) m[i * s + j] = j < pad || j >= filled ? -1e9 : 0;
    }
    const mask = tf.tensor2d(m, [g, s]);
    const scale = 1 / Math.sqrt(d);
    const got = decodeAttention(q, k, v, mask, scale);
    const want = plainDecodeAttention(q, k, v, mask, scale);
    out.push(relErr(await got.data(), await want.data()));
    tf.dispose([q, k, v, mask, got, want]);
  }
  return out;
}

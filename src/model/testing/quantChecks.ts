// Checks of the quantized kernels and a quantized engine that run on whatever backend is active, so
// the WebGPU e2e (which imports source modules in the page) and Node share one implementation.

import * as tf from '@tensorflow/tfjs-core';
import { Engine } from '../engine';
import { fusedRmsNorm, fusedSwiGlu } from '../fused/norms';
import type { ModelFiles } from '../files';
import { quantGatherRows, quantMatMul, uploadQuantized } from '../quant/kernels';
import { dequantize, layoutFor, quantize, type QuantBits } from '../quant/pack';

/** Fresh, never-zero random values (Math.random: new inputs every call). */
export function freshRandom(n: number): Float32Array {
  return Float32Array.from({ length: n }, () => {
    const v = Math.random() * 2 - 1;
    return v === 0 ? 0.5 : v;
  });
}

/** max |a − b| / max |b|. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
    scale = Math.max(scale, Math.abs(b[i] ?? 0));
  }
  return Number.isNaN(diff) || a.length !== b.length ? Infinity : diff / scale;
}

export interface KernelErrors {
  bits: QuantBits;
  /** Relative errors against dequantize-then-matmul: forward, dx, and gathered rows. */
  y: number;
  dx: number;
  rows: number;
  nonzero: boolean;
}

/** Needs gradients registered (enableGradients). Cases: [bits, rows, in, out]. */
export async function kernelErrors(cases: [QuantBits, number, number, number][]): Promise<KernelErrors[]> {
  const out: KernelErrors[] = [];
  for (const [bits, rows, inF, outF] of cases) {
    const q = quantize(freshRandom(outF * inF), layoutFor(bits, outF, inF, 'w'));
    const m = uploadQuantized(q);
    const x = tf.tensor2d(freshRandom(rows * inF), [rows, inF]);
    const dy = tf.tensor2d(freshRandom(rows * outF), [rows, outF]);
    const wRef = tf.tensor2d(dequantize(q), [outF, inF]);
    const y = quantMatMul(x, m);
    const yRef = tf.matMul(x, wRef, false, true);
    const dx = tf.grad((xs: tf.Tensor) => tf.sum(tf.mul(quantMatMul(xs as tf.Tensor2D, m), dy)))(x);
    const dxRef = tf.matMul(dy, wRef);
    const ids = tf.tensor1d([outF - 1, 0, Math.floor(outF / 2), 0], 'int32');
    const got = quantGatherRows(m, ids);
    const want = tf.gather(wRef, ids);
    const yv = await y.data();
    out.push({ bits, y: relErr(yv, await yRef.data()), dx: relErr(await dx.data(), await dxRef.data()), rows: relErr(await got.data(), await want.data()), nonzero: yv.some((v) => v !== 0) });
    tf.dispose([m.packed, m.scales, x, dy, wRef, y, yRef, dx, dxRef, ids, got, want]);
  }
  return out;
}

export interface QuantEngineReport {
  logits: number[];
  /** Greedy ids through the KV cache, and the argmax of the full forward pass at the same positions. */
  generated: number[];
  argmax: number[];
  /** tf.memory().numBytes was the same after every decode step. */
  bytesFlat: boolean;
  bytes: number;
  f32Bytes: number;
}

export async function quantEngineReport(files: ModelFiles, precision: 'int8' | 'int4', ids: number[][], prompt: number[]): Promise<QuantEngineReport> {
  const engine = await Engine.load(files, { precision });
  try {
    const l = engine.logits({ ids, valid: ids.map((r) => r.map(() => 1)) });
    const logits = Array.from(await l.data());
    l.dispose();
    const bytes: number[] = [];
    const [gen] = await engine.generate([prompt], { temperature: 0, maxTokens: 8, stopTokens: [], onStep: () => bytes.push(tf.memory().numBytes) });
    const full = [...prompt, ...(gen?.ids ?? [])];
    const fl = engine.logits({ ids: [full], valid: [full.map(() => 1)] });
    const best = tf.argMax(fl, -1);
    const argmax = Array.from(await best.data()).slice(prompt.length - 1, full.length - 1);
    tf.dispose([fl, best]);
    const mem = engine.weightMemory();
    return { logits, generated: gen?.ids ?? [], argmax, bytesFlat: new Set(bytes).size === 1, bytes: mem.bytes, f32Bytes: mem.f32Bytes };
  } finally {
    engine.dispose();
  }
}

/** Fused RMSNorm / SwiGLU (WebGPU kernels) against the same math in plain tfjs ops: values and gradients. */
export async function fusedErrors(): Promise<Record<string, number>> {
  const [n, h] = [37, 96];
  const x = tf.tensor3d(freshRandom(n * h), [1, n, h]);
  const w = tf.tensor1d(freshRandom(h));
  const dy = tf.tensor3d(freshRandom(n * h), [1, n, h]);
  const eps = 1e-5;
  const plainNorm = (xs: tf.Tensor, ws: tf.Tensor) => tf.mul(tf.mul(xs, tf.rsqrt(tf.add(tf.mean(tf.square(xs), -1, true), eps))), ws);
  const fusedLoss = (xs: tf.Tensor, ws: tf.Tensor) => tf.sum(tf.mul(fusedRmsNorm(xs, ws as tf.Tensor1D, eps), dy));
  const plainLoss = (xs: tf.Tensor, ws: tf.Tensor) => tf.sum(tf.mul(plainNorm(xs, ws), dy));
  const [fx, fw] = tf.grads(fusedLoss)([x, w]);
  const [px, pw] = tf.grads(plainLoss)([x, w]);
  const yf = fusedRmsNorm(x, w, eps);
  const yp = plainNorm(x, w);
  const g = tf.tensor2d(freshRandom(n * h), [n, h]);
  const u = tf.tensor2d(freshRandom(n * h), [n, h]);
  const d2 = tf.tensor2d(freshRandom(n * h), [n, h]);
  const sf = fusedSwiGlu(g, u);
  const sp = tf.mul(tf.mul(g, tf.sigmoid(g)), u);
  const [fg, fu] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(fusedSwiGlu(a as tf.Tensor2D, b as tf.Tensor2D), d2)))([g, u]);
  const [pg, pu] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.mul(tf.mul(a, tf.sigmoid(a)), b), d2)))([g, u]);
  const pairs: [string, tf.Tensor | undefined, tf.Tensor | undefined][] = [
    ['rmsnorm', yf, yp],
    ['rmsnorm dx', fx, px],
    ['rmsnorm dweight', fw, pw],
    ['swiglu', sf, sp],
    ['swiglu dgate', fg, pg],
    ['swiglu dup', fu, pu],
  ];
  const out: Record<string, number> = {};
  for (const [name, a, b] of pairs) out[name] = a && b ? relErr(await a.data(), await b.data()) : Infinity;
  tf.dispose([x, w, dy, yf, yp, g, u, d2, sf, sp, ...pairs.flatMap(([, a, b]) => [a, b]).filter((t): t is tf.Tensor => t !== undefined)]);
  return out;
}

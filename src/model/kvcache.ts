// The KV cache of a batch of G sequences: per layer K and V [G, kvHeads, S, D] over shared slots,
// which slots hold real tokens (padding is masked), and each sequence's next rotary position.

import * as tf from '@tensorflow/tfjs-core';

export class KvCache {
  private readonly k: (tf.Tensor4D | null)[];
  private readonly v: (tf.Tensor4D | null)[];
  /** [G][S]: 1 where the slot holds a token of that sequence, 0 for padding. */
  readonly keyValid: number[][];
  /** [G]: the rotary position the sequence's next real token gets. */
  readonly nextPos: number[];

  constructor(numLayers: number, batch: number) {
    this.k = Array.from({ length: numLayers }, () => null);
    this.v = Array.from({ length: numLayers }, () => null);
    this.keyValid = Array.from({ length: batch }, () => []);
    this.nextPos = Array.from({ length: batch }, () => 0);
  }

  get batch(): number {
    return this.keyValid.length;
  }

  /** Slots filled so far. */
  get length(): number {
    return this.keyValid[0]?.length ?? 0;
  }

  past(layer: number): { k: tf.Tensor4D; v: tf.Tensor4D } | undefined {
    const k = this.k[layer];
    const v = this.v[layer];
    return k && v ? { k, v } : undefined;
  }

  /** Replace a layer's K/V with the extended ones (kept out of the caller's tidy), freeing the old. */
  store(layer: number, k: tf.Tensor4D, v: tf.Tensor4D): void {
    const oldK = this.k[layer];
    const oldV = this.v[layer];
    this.k[layer] = tf.keep(k);
    this.v[layer] = tf.keep(v);
    if (oldK && oldK !== k) oldK.dispose();
    if (oldV && oldV !== v) oldV.dispose();
  }

  /**
   * Reserve the slots for a step of T tokens per sequence; returns the rotary positions [G][T].
   * Padding tokens get the position of the sequence's last real token (their output is never used).
   */
  advance(valid: number[][]): number[][] {
    return valid.map((row, g) => {
      const keys = this.keyValid[g] ?? [];
      let next = this.nextPos[g] ?? 0;
      const positions = row.map((ok) => {
        keys.push(ok ? 1 : 0);
        if (!ok) return Math.max(next - 1, 0);
        return next++;
      });
      this.nextPos[g] = next;
      return positions;
    });
  }

  dispose(): void {
    for (const t of [...this.k, ...this.v]) t?.dispose();
    this.k.fill(null);
    this.v.fill(null);
  }
}

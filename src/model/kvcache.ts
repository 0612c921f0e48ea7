// The KV cache of a batch of G sequences: per layer K and V [G, kvHeads, S, D] over shared slots,
// which slots hold real tokens (padding is masked), and each sequence's next rotary position.
// With a capacity, K/V live in buffers preallocated once and written in place (no per-token copies).

import * as tf from '@tensorflow/tfjs-core';
import { EngineInputError } from './engineErrors';
import { kvWrite } from './fused/kvWrite';

/** Slot capacities are rounded up to a multiple of this, so buffers (and shaders) repeat across rollouts. */
export const KV_BUCKET = 64;

export function bucketLength(n: number, bucket = KV_BUCKET): number {
  return Math.max(bucket, Math.ceil(n / bucket) * bucket);
}

export interface KvShape {
  numKvHeads: number;
  headDim: number;
  /** Slots to preallocate (rounded up to a bucket). */
  capacity: number;
}

export class KvCache {
  private readonly k: (tf.Tensor4D | null)[];
  private readonly v: (tf.Tensor4D | null)[];
  /** [G][S]: 1 where the slot holds a token of that sequence, 0 for padding. */
  readonly keyValid: number[][];
  /** [G]: the rotary position the sequence's next real token gets. */
  readonly nextPos: number[];
  /** Preallocated slots per layer, or undefined when K/V grow by concatenation. */
  readonly capacity: number | undefined;

  constructor(numLayers: number, batch: number, prealloc?: KvShape) {
    this.capacity = prealloc ? bucketLength(prealloc.capacity) : undefined;
    const make = () => (prealloc && this.capacity ? tf.zeros<tf.Rank.R4>([batch, prealloc.numKvHeads, this.capacity, prealloc.headDim]) : null);
    this.k = Array.from({ length: numLayers }, make);
    this.v = Array.from({ length: numLayers }, make);
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

  /** Key/value slots attention runs over: the capacity when preallocated, else the filled length. */
  get width(): number {
    return this.capacity ?? this.length;
  }

  /**
   * Past K/V of a layer. Preallocated: the whole buffers plus `write`, which stores the step's new
   * K/V [G, kvH, T, D] in place at the slots just reserved by advance().
   */
  past(layer: number): { k: tf.Tensor4D; v: tf.Tensor4D; write?: (k: tf.Tensor4D, v: tf.Tensor4D) => void } | undefined {
    const k = this.k[layer];
    const v = this.v[layer];
    if (!k || !v) return undefined;
    if (this.capacity === undefined) return { k, v };
    return {
      k,
      v,
      write: (kNew, vNew) => {
        const offset = this.length - kNew.shape[2];
        kvWrite(k, kNew, offset);
        kvWrite(v, vNew, offset);
      },
    };
  }

  /** Replace a layer's K/V with the extended ones (kept out of the caller's tidy), freeing the old. */
  store(layer: number, k: tf.Tensor4D, v: tf.Tensor4D): void {
    const oldK = this.k[layer];
    const oldV = this.v[layer];
    if (oldK === k && oldV === v) return;
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
    const t = valid[0]?.length ?? 0;
    if (this.capacity !== undefined && this.length + t > this.capacity) {
      throw new EngineInputError(`The KV cache holds ${this.capacity} slots; ${this.length} are used and a step needs ${t} more. Create it with a larger capacity.`, { field: 'kvCache' });
    }
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

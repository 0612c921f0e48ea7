// Data-parallel gradients for the tiny model over Node worker_threads: parameters live in shared memory,
// each worker accumulates its share of a batch into its own buffers, and the sum runs in worker order.

import { Worker } from 'node:worker_threads';
import type { TrainingExample } from './examples';
import { TinyLlama, type TinyConfig, type TinyParams } from './tinyLlama';

/** What a worker receives once: the config and the shared parameter and gradient buffers. */
export interface PoolInit {
  cfg: TinyConfig;
  params: { name: string; shape: number[]; buffer: SharedArrayBuffer }[];
  grads: { name: string; buffer: SharedArrayBuffer }[];
}

export type PoolRequest =
  | { kind: 'examples'; examples: PackedExample[] }
  | { kind: 'step'; indices: number[]; scale: number };

export interface PoolReply {
  loss: number;
  error?: string;
}

export interface PackedExample {
  ids: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
}

export function packExample(ex: TrainingExample): PackedExample {
  return { ids: Int32Array.from(ex.ids), targets: Int32Array.from(ex.targets), weights: Float64Array.from(ex.weights) };
}

/** Moves every parameter into shared memory (same values), so workers read what Adam writes. */
export function shareParams(params: TinyParams): void {
  for (const p of params.values()) {
    const shared = new Float32Array(new SharedArrayBuffer(p.data.byteLength));
    shared.set(p.data);
    p.data = shared;
  }
}

/**
 * Splits a batch between `parts` workers: each example, in batch order, goes to the part with the
 * fewest tokens so far (ties: the lower part). Deterministic for a given batch.
 */
export function splitBatch(lengths: readonly number[], parts: number): number[][] {
  const out: number[][] = Array.from({ length: parts }, () => []);
  const load = new Array<number>(parts).fill(0);
  lengths.forEach((len, i) => {
    let best = 0;
    for (let w = 1; w < parts; w++) if (load[w] < load[best]) best = w;
    out[best].push(i);
    load[best] += len;
  });
  return out;
}

/** Computes one worker's share in-process (the same arithmetic a worker does). */
export function accumulateShare(model: TinyLlama, examples: readonly { ids: ArrayLike<number>; targets: ArrayLike<number>; weights: ArrayLike<number> }[], indices: readonly number[], scale: number, grads: Map<string, Float32Array>): number {
  for (const g of grads.values()) g.fill(0);
  let loss = 0;
  for (const i of indices) {
    const ex = examples[i];
    loss += model.lossAndGrad(ex.ids, ex.targets, ex.weights, scale, grads);
  }
  return loss;
}

interface Slot {
  worker: Worker;
  grads: Map<string, Float32Array>;
  pending?: { resolve: (r: PoolReply) => void; reject: (e: Error) => void };
}

export class GradientPool {
  private readonly slots: Slot[] = [];
  private examples: readonly TrainingExample[] = [];

  constructor(
    readonly cfg: TinyConfig,
    readonly params: TinyParams,
    readonly size: number,
  ) {
    for (const p of params.values()) if (!(p.data.buffer instanceof SharedArrayBuffer)) throw new Error('GradientPool needs shareParams() first');
    const loaders = new URL('../../bin/register-loaders.mjs', import.meta.url).href;
    for (let w = 0; w < size; w++) {
      const grads = new Map([...params].map(([k, p]) => [k, new Float32Array(new SharedArrayBuffer(p.data.byteLength))]));
      const init: PoolInit = {
        cfg,
        params: [...params].map(([name, p]) => ({ name, shape: p.shape, buffer: p.data.buffer as SharedArrayBuffer })),
        grads: [...grads].map(([name, g]) => ({ name, buffer: g.buffer })),
      };
      const worker = new Worker(new URL('./gradWorker.ts', import.meta.url), { workerData: init, execArgv: ['--import', loaders] });
      const slot: Slot = { worker, grads };
      worker.on('message', (r: PoolReply) => {
        const p = slot.pending;
        slot.pending = undefined;
        if (!p) return;
        if (r.error) p.reject(new Error(`gradient worker ${w}: ${r.error}`));
        else p.resolve(r);
      });
      worker.on('error', (e: unknown) => {
        slot.pending?.reject(e instanceof Error ? e : new Error(String(e)));
        slot.pending = undefined;
      });
      this.slots.push(slot);
    }
  }

  private ask(slot: Slot, req: PoolRequest): Promise<PoolReply> {
    return new Promise((resolve, reject) => {
      slot.pending = { resolve, reject };
      slot.worker.postMessage(req);
    });
  }

  /** Hands every worker the stage's examples (indices in later steps refer to this list). */
  async setExamples(examples: readonly TrainingExample[]): Promise<void> {
    this.examples = examples;
    const packed = examples.map(packExample);
    await Promise.all(this.slots.map((s) => this.ask(s, { kind: 'examples', examples: packed })));
  }

  /**
   * Loss and gradient of the batch (indices into the stage's examples), written into `grads`
   * (overwritten): the workers' sums added in worker order.
   */
  async lossAndGrad(batch: readonly number[], scale: number, grads: Map<string, Float32Array>): Promise<number> {
    const shares = splitBatch(batch.map((i) => this.examples[i].ids.length), this.size);
    const replies = await Promise.all(this.slots.map((s, w) => this.ask(s, { kind: 'step', indices: shares[w].map((j) => batch[j]), scale })));
    for (const [k, g] of grads) {
      g.set(this.slots[0].grads.get(k) as Float32Array);
      for (let w = 1; w < this.size; w++) {
        const part = this.slots[w].grads.get(k) as Float32Array;
        for (let i = 0; i < g.length; i++) g[i] += part[i];
      }
    }
    return replies.reduce((a, r) => a + r.loss, 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

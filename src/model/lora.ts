// LoRA adapters over a frozen base: per layer and target module a trainable pair A [r, in] (seeded
// uniform, as PEFT's kaiming init) and B [out, r] (zeros), applied as ΔW = (alpha/r)·B·A.

import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from './config';
import { AdapterError } from './engineErrors';
import type { LoraPair } from './layers/linear';
import { Rng } from './rng';

export const LORA_TARGETS = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] as const;
export type LoraTarget = (typeof LORA_TARGETS)[number];

/** LoRA as a run setup writes it (PEFT's r and lora_alpha, target modules by name); checked into a LoraSpec. */
export interface LoraSetup {
  r: number;
  alpha: number;
  targets: string[];
}

export interface LoraSpec {
  rank: number;
  alpha: number;
  targets: readonly LoraTarget[];
}

/** Returns the LoRA pair a layer's projection uses, or undefined for the frozen base. */
export type LoraLookup = (layer: number, target: LoraTarget) => LoraPair | undefined;

/** [out, in] of a target projection. */
export function targetShape(cfg: ModelConfig, target: LoraTarget): [number, number] {
  const h = cfg.hiddenSize;
  const qOut = cfg.numHeads * cfg.headDim;
  const kvOut = cfg.numKvHeads * cfg.headDim;
  switch (target) {
    case 'q_proj':
      return [qOut, h];
    case 'k_proj':
    case 'v_proj':
      return [kvOut, h];
    case 'o_proj':
      return [h, qOut];
    case 'gate_proj':
    case 'up_proj':
      return [cfg.intermediateSize, h];
    case 'down_proj':
      return [h, cfg.intermediateSize];
  }
}

export function parseTargets(names: readonly string[]): LoraTarget[] {
  return names.map((n) => {
    const full = n.endsWith('_proj') ? n : `${n}_proj`;
    if (!LORA_TARGETS.includes(full as LoraTarget)) {
      throw new AdapterError(`LoRA target module "${n}" is not supported; supported: ${LORA_TARGETS.join(', ')}.`, { field: 'target_modules' });
    }
    return full as LoraTarget;
  });
}

export function validateSpec(spec: LoraSpec): void {
  if (!Number.isInteger(spec.rank) || spec.rank <= 0) throw new AdapterError(`LoRA rank must be a positive integer, got ${spec.rank}.`, { field: 'r' });
  if (!Number.isFinite(spec.alpha) || spec.alpha <= 0) throw new AdapterError(`LoRA alpha must be positive, got ${spec.alpha}.`, { field: 'lora_alpha' });
  if (spec.targets.length === 0) throw new AdapterError('LoRA needs at least one target module.', { field: 'target_modules' });
}

export class LoraAdapter {
  readonly scale: number;
  private readonly pairs = new Map<string, { a: tf.Variable<tf.Rank.R2>; b: tf.Variable<tf.Rank.R2> }>();

  constructor(
    readonly name: string,
    readonly spec: LoraSpec,
    readonly numLayers: number,
  ) {
    validateSpec(spec);
    this.scale = spec.alpha / spec.rank;
  }

  private static key(layer: number, target: LoraTarget): string {
    return `${layer}.${target}`;
  }

  /** Install A [r, in] and B [out, r] for one projection (takes ownership of the data). */
  setPair(layer: number, target: LoraTarget, a: tf.Tensor2D, b: tf.Tensor2D): void {
    const key = LoraAdapter.key(layer, target);
    const old = this.pairs.get(key);
    if (old) tf.dispose([old.a, old.b]);
    this.pairs.set(key, {
      a: tf.variable(a, true, `lora.${this.name}.${key}.A`),
      b: tf.variable(b, true, `lora.${this.name}.${key}.B`),
    });
    tf.dispose([a, b]);
  }

  pair(layer: number, target: LoraTarget): { a: tf.Variable<tf.Rank.R2>; b: tf.Variable<tf.Rank.R2> } | undefined {
    return this.pairs.get(LoraAdapter.key(layer, target));
  }

  readonly lookup: LoraLookup = (layer, target) => {
    const p = this.pairs.get(LoraAdapter.key(layer, target));
    return p ? { a: p.a, b: p.b, scale: this.scale } : undefined;
  };

  /** The trainable variables, for an optimizer. */
  variables(): tf.Variable[] {
    return [...this.pairs.values()].flatMap((p) => [p.a, p.b]);
  }

  dispose(): void {
    for (const p of this.pairs.values()) tf.dispose([p.a, p.b]);
    this.pairs.clear();
  }
}

/** A fresh adapter: A ~ U(-1/√in, 1/√in) from the seeded RNG, B = 0, so it starts equal to the base. */
export function createLoraAdapter(name: string, cfg: ModelConfig, spec: LoraSpec, seed: number): LoraAdapter {
  const adapter = new LoraAdapter(name, spec, cfg.numLayers);
  const rng = new Rng(seed);
  for (let layer = 0; layer < cfg.numLayers; layer++) {
    for (const target of spec.targets) {
      const [out, inp] = targetShape(cfg, target);
      const bound = 1 / Math.sqrt(inp);
      const a = new Float32Array(spec.rank * inp);
      for (let i = 0; i < a.length; i++) a[i] = (rng.next() * 2 - 1) * bound;
      adapter.setPair(layer, target, tf.tensor2d(a, [spec.rank, inp]), tf.zeros([out, spec.rank]));
    }
  }
  return adapter;
}

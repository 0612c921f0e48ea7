// Adam with a warmup-then-cosine learning rate and global-norm gradient clipping, over the tiny
// model's Float32Array parameters; deterministic (fixed iteration order).

import type { TinyParams } from './tinyLlama';

export interface AdamSettings {
  peakLr: number;
  /** Final learning rate as a fraction of the peak. */
  minLrRatio: number;
  warmupSteps: number;
  totalSteps: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  clipNorm: number;
}

export function learningRate(s: AdamSettings, step: number): number {
  if (step < s.warmupSteps) return (s.peakLr * (step + 1)) / s.warmupSteps;
  const progress = Math.min(1, (step - s.warmupSteps) / Math.max(1, s.totalSteps - s.warmupSteps));
  const min = s.peakLr * s.minLrRatio;
  return min + 0.5 * (s.peakLr - min) * (1 + Math.cos(Math.PI * progress));
}

/** Everything that continues an Adam run exactly: the step count and both moments per parameter. */
export interface AdamState {
  t: number;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

export class Adam {
  private readonly m = new Map<string, Float32Array>();
  private readonly v = new Map<string, Float32Array>();
  private t = 0;

  /** The moments and step count (live arrays: copy them to keep them). */
  state(): AdamState {
    return { t: this.t, m: this.m, v: this.v };
  }

  /** Continue from a saved state (same parameter names and sizes). */
  restore(state: AdamState): void {
    this.t = state.t;
    for (const [k, m] of this.m) {
      const sm = state.m.get(k);
      const sv = state.v.get(k);
      if (!sm || !sv || sm.length !== m.length || sv.length !== m.length) throw new Error(`Adam state has no moments of the right size for ${k}`);
      m.set(sm);
      this.v.get(k)?.set(sv);
    }
  }

  constructor(
    private readonly params: TinyParams,
    private readonly s: AdamSettings,
  ) {
    for (const [k, p] of params) {
      this.m.set(k, new Float32Array(p.data.length));
      this.v.set(k, new Float32Array(p.data.length));
    }
  }

  /** One update from `grads` (then zeroed); `step` is the schedule's step. Returns the pre-clip norm. */
  step(grads: Map<string, Float32Array>, step: number): number {
    let sq = 0;
    for (const g of grads.values()) for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
    const norm = Math.sqrt(sq);
    const clip = norm > this.s.clipNorm ? this.s.clipNorm / norm : 1;
    this.t += 1;
    const lr = learningRate(this.s, step);
    const { beta1: b1, beta2: b2, eps } = this.s;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (const [k, p] of this.params) {
      const g = grads.get(k) as Float32Array;
      const m = this.m.get(k) as Float32Array;
      const v = this.v.get(k) as Float32Array;
      const decay = k.endsWith('norm.weight') ? 0 : this.s.weightDecay;
      for (let i = 0; i < g.length; i++) {
        const gi = g[i] * clip;
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        p.data[i] -= lr * ((m[i] / c1) / (Math.sqrt(v[i] / c2) + eps) + decay * p.data[i]);
      }
      g.fill(0);
    }
    return norm;
  }
}

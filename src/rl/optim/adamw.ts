// AdamW (decoupled weight decay, Loshchilov & Hutter) over one agent's LoRA variables only, with
// its moments exportable as plain arrays so a checkpoint can restore it bit for bit.

import * as tf from '@tensorflow/tfjs-core';

export interface AdamWSettings {
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled weight decay λ: p ← p − lr·λ·p (TRL/transformers default 0). */
  weightDecay: number;
}

/** transformers' AdamW defaults (TrainingArguments: adam_beta1 0.9, adam_beta2 0.999, adam_epsilon 1e-8, weight_decay 0). */
export const ADAMW_DEFAULTS: Readonly<AdamWSettings> = Object.freeze({ beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });

/** The optimizer's state as plain JSON-able arrays, one per variable in the order the optimizer was given them. */
export interface AdamWState {
  step: number;
  m: number[][];
  v: number[][];
}

/** An AdamW step computed but not applied: per variable its new value and moments. */
export interface StagedUpdate {
  step: number;
  rows: { name: string; p1: tf.Tensor; m1: tf.Tensor; v1: tf.Tensor }[];
}

/** Free a staged update's tensors (after commit the variables hold their own references). */
export function disposeStaged(staged: StagedUpdate): void {
  tf.dispose(staged.rows.flatMap((r) => [r.p1, r.m1, r.v1]));
}

export class AdamW {
  private t = 0;
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();

  constructor(
    private readonly vars: readonly tf.Variable[],
    readonly settings: AdamWSettings = ADAMW_DEFAULTS,
  ) {
    for (const x of vars) {
      this.m.set(x.name, tf.variable(tf.zerosLike(x), false));
      this.v.set(x.name, tf.variable(tf.zerosLike(x), false));
    }
  }

  get step(): number {
    return this.t;
  }

  /**
   * One update with learning rate `lr`: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g²,
   * p ← p − lr·(m̂/(√v̂ + ε) + λ·p) with m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ). Variables without a gradient are left alone.
   * Example: first step, g = 2, lr = 0.1, λ = 0 → m̂ = 2, v̂ = 4, p moves by −0.1·2/(2 + 1e-8) ≈ −0.1.
   */
  apply(grads: Readonly<Record<string, tf.Tensor>>, lr: number): void {
    this.commit(this.stage(grads, lr));
  }

  /**
   * The update's new parameters and moments, computed but not yet assigned (so a GPU error or a
   * non-finite result can throw them away and leave the adapter and the optimizer as they were).
   */
  stage(grads: Readonly<Record<string, tf.Tensor>>, lr: number): StagedUpdate {
    const t = this.t + 1;
    const { beta1, beta2, eps, weightDecay } = this.settings;
    const c1 = 1 - beta1 ** t;
    const c2 = 1 - beta2 ** t;
    const rows: StagedUpdate['rows'] = [];
    for (const p of this.vars) {
      const g = grads[p.name];
      const m = this.m.get(p.name);
      const v = this.v.get(p.name);
      if (!g || !m || !v) continue;
      const next = tf.tidy(() => {
        const m1 = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
        const v1 = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
        const update = tf.div(tf.div(m1, c1), tf.add(tf.sqrt(tf.div(v1, c2)), eps));
        const decayed = weightDecay === 0 ? p : tf.sub(p, tf.mul(p, lr * weightDecay));
        return { m1, v1, p1: tf.sub(decayed, tf.mul(update, lr)) };
      });
      rows.push({ name: p.name, ...next });
    }
    return { step: t, rows };
  }

  /** Assign a staged update (no kernels run: each variable takes the staged tensor's data). */
  commit(staged: StagedUpdate): void {
    const byName = new Map(this.vars.map((p) => [p.name, p]));
    for (const r of staged.rows) {
      byName.get(r.name)?.assign(r.p1);
      this.m.get(r.name)?.assign(r.m1);
      this.v.get(r.name)?.assign(r.v1);
    }
    this.t = staged.step;
    disposeStaged(staged);
  }

  async getState(): Promise<AdamWState> {
    const read = async (map: Map<string, tf.Variable>) => {
      const out: number[][] = [];
      for (const p of this.vars) out.push(Array.from(await (map.get(p.name) as tf.Variable).data()));
      return out;
    };
    return { step: this.t, m: await read(this.m), v: await read(this.v) };
  }

  /** Restore moments saved by getState from an optimizer over variables of the same shapes, in the same order. */
  setState(state: AdamWState): void {
    this.t = state.step;
    this.vars.forEach((p, i) => {
      const m = state.m[i];
      const v = state.v[i];
      if (m) this.m.get(p.name)?.assign(tf.tensor(m, p.shape));
      if (v) this.v.get(p.name)?.assign(tf.tensor(v, p.shape));
    });
  }

  dispose(): void {
    for (const x of [...this.m.values(), ...this.v.values()]) x.dispose();
    this.m.clear();
    this.v.clear();
  }
}

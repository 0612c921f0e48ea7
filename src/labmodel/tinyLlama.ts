// A tiny Llama decoder (tied embeddings, MHA, RoPE, SwiGLU, RMSNorm) in plain Float32Arrays with a
// hand-written forward and backward pass: single-threaded, deterministic, and fast enough to train on a CPU.

import type { HostTensor } from '../model/safetensors';
import { Rng } from '../model/rng';

export interface TinyConfig {
  vocabSize: number;
  hidden: number;
  intermediate: number;
  layers: number;
  heads: number;
  maxPositions: number;
  ropeTheta: number;
  rmsNormEps: number;
}

/** Parameters by their Hugging Face names; linear weights are [out, in] row-major. */
export type TinyParams = Map<string, { shape: number[]; data: Float32Array }>;

const LINEARS = ['self_attn.q_proj', 'self_attn.k_proj', 'self_attn.v_proj', 'self_attn.o_proj', 'mlp.gate_proj', 'mlp.up_proj', 'mlp.down_proj'] as const;

export function paramShapes(cfg: TinyConfig): Map<string, number[]> {
  const { hidden: h, intermediate: m } = cfg;
  const out = new Map<string, number[]>([['model.embed_tokens.weight', [cfg.vocabSize, h]]]);
  for (let l = 0; l < cfg.layers; l++) {
    const p = `model.layers.${l}`;
    out.set(`${p}.input_layernorm.weight`, [h]);
    out.set(`${p}.post_attention_layernorm.weight`, [h]);
    for (const lin of LINEARS) {
      const shape = lin === 'mlp.gate_proj' || lin === 'mlp.up_proj' ? [m, h] : lin === 'mlp.down_proj' ? [h, m] : [h, h];
      out.set(`${p}.${lin}.weight`, shape);
    }
  }
  out.set('model.norm.weight', [h]);
  return out;
}

function gaussian(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** Seeded init: norms 1, weights N(0, 0.02), output projections scaled by 1/√(2·layers) (GPT-2). */
export function initParams(cfg: TinyConfig, seed: number): TinyParams {
  const rng = new Rng(seed);
  const params: TinyParams = new Map();
  for (const [name, shape] of paramShapes(cfg)) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (name.endsWith('norm.weight')) data.fill(1);
    else {
      const std = 0.02 * (name.endsWith('o_proj.weight') || name.endsWith('down_proj.weight') ? 1 / Math.sqrt(2 * cfg.layers) : 1);
      for (let i = 0; i < data.length; i++) data[i] = gaussian(rng) * std;
    }
    params.set(name, { shape, data });
  }
  return params;
}

export function zerosLike(params: TinyParams): Map<string, Float32Array> {
  return new Map([...params].map(([k, v]) => [k, new Float32Array(v.data.length)]));
}

export function toHostTensors(params: TinyParams): { name: string; tensor: HostTensor }[] {
  return [...params].map(([name, p]) => ({ name, tensor: { shape: p.shape, data: p.data } }));
}

/** HF config.json for the model. */
export function hfConfig(cfg: TinyConfig, ids: { bos: number; eos: number; pad: number }): Record<string, unknown> {
  return {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    attention_bias: false,
    attention_dropout: 0,
    bos_token_id: ids.bos,
    eos_token_id: ids.eos,
    pad_token_id: ids.pad,
    hidden_act: 'silu',
    hidden_size: cfg.hidden,
    initializer_range: 0.02,
    intermediate_size: cfg.intermediate,
    max_position_embeddings: cfg.maxPositions,
    mlp_bias: false,
    num_attention_heads: cfg.heads,
    num_hidden_layers: cfg.layers,
    num_key_value_heads: cfg.heads,
    rms_norm_eps: cfg.rmsNormEps,
    rope_scaling: null,
    rope_theta: cfg.ropeTheta,
    tie_word_embeddings: true,
    torch_dtype: 'float32',
    use_cache: true,
    vocab_size: cfg.vocabSize,
  };
}

// ---- dense kernels (row-major) ----

/**
 * C[n, m] = A[n, k] · B[m, k]ᵀ (+= when `accumulate`): dot products of rows, two rows × four columns
 * at a time. Every output is summed over t in order, so blocking never changes the result.
 */
function mmABt(a: Float32Array, b: Float32Array, n: number, k: number, m: number, c: Float32Array, accumulate = false): void {
  const m4 = m - (m % 4);
  const n2 = n - (n % 2);
  for (let i = 0; i < n2; i += 2) {
    const a0 = i * k;
    const a1 = a0 + k;
    const c0 = i * m;
    const c1 = c0 + m;
    for (let j = 0; j < m4; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let t = 0; t < k; t++) {
        const x0 = a[a0 + t];
        const x1 = a[a1 + t];
        const y0 = b[b0 + t];
        const y1 = b[b1 + t];
        const y2 = b[b2 + t];
        const y3 = b[b3 + t];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s03 += x0 * y3;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s13 += x1 * y3;
      }
      if (accumulate) {
        c[c0 + j] += s00;
        c[c0 + j + 1] += s01;
        c[c0 + j + 2] += s02;
        c[c0 + j + 3] += s03;
        c[c1 + j] += s10;
        c[c1 + j + 1] += s11;
        c[c1 + j + 2] += s12;
        c[c1 + j + 3] += s13;
      } else {
        c[c0 + j] = s00;
        c[c0 + j + 1] = s01;
        c[c0 + j + 2] = s02;
        c[c0 + j + 3] = s03;
        c[c1 + j] = s10;
        c[c1 + j + 1] = s11;
        c[c1 + j + 2] = s12;
        c[c1 + j + 3] = s13;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const ai = i * k;
    const ci = i * m;
    for (let j = i < n2 ? m4 : 0; j < m; j++) {
      const bj = j * k;
      let s = 0;
      for (let t = 0; t < k; t++) s += a[ai + t] * b[bj + t];
      c[ci + j] = accumulate ? c[ci + j] + s : s;
    }
  }
}

/** [T, heads·d] ↔ [heads, T, d]: head-major copies keep the attention loops on contiguous rows. */
function toHeads(x: Float32Array, t: number, heads: number, d: number): Float32Array {
  const out = new Float32Array(x.length);
  const h = heads * d;
  for (let hd = 0; hd < heads; hd++) for (let i = 0; i < t; i++) out.set(x.subarray(i * h + hd * d, i * h + hd * d + d), (hd * t + i) * d);
  return out;
}

function fromHeads(x: Float32Array, t: number, heads: number, d: number): Float32Array {
  const out = new Float32Array(x.length);
  const h = heads * d;
  for (let hd = 0; hd < heads; hd++) for (let i = 0; i < t; i++) out.set(x.subarray((hd * t + i) * d, (hd * t + i) * d + d), i * h + hd * d);
  return out;
}

/** [r, c] → [c, r] */
function transpose(x: Float32Array, r: number, c: number): Float32Array {
  const out = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = x[i * c + j];
  return out;
}

/** C[n, k] += A[n, m] · B[m, k] */
function mmAddAB(a: Float32Array, b: Float32Array, n: number, m: number, k: number, c: Float32Array): void {
  mmABt(a, transpose(b, m, k), n, m, k, c, true);
}

/** G[m, k] += A[n, m]ᵀ · X[n, k] (weight gradient of y = x·Wᵀ). */
function mmAddAtB(a: Float32Array, x: Float32Array, n: number, m: number, k: number, g: Float32Array): void {
  mmABt(transpose(a, n, m), transpose(x, n, k), m, n, k, g, true);
}

function rmsForward(x: Float32Array, w: Float32Array, t: number, h: number, eps: number, y: Float32Array, rstd: Float32Array): void {
  for (let i = 0; i < t; i++) {
    let ss = 0;
    for (let j = 0; j < h; j++) ss += x[i * h + j] * x[i * h + j];
    const r = 1 / Math.sqrt(ss / h + eps);
    rstd[i] = r;
    for (let j = 0; j < h; j++) y[i * h + j] = x[i * h + j] * r * w[j];
  }
}

/** dx += ∂/∂x, dw += ∂/∂w of y = x·r·w. */
function rmsBackward(x: Float32Array, w: Float32Array, rstd: Float32Array, dy: Float32Array, t: number, h: number, dx: Float32Array, dw: Float32Array): void {
  for (let i = 0; i < t; i++) {
    const r = rstd[i];
    let dot = 0;
    for (let j = 0; j < h; j++) {
      const g = dy[i * h + j];
      dw[j] += g * x[i * h + j] * r;
      dot += g * w[j] * x[i * h + j];
    }
    const c = (r * r * r * dot) / h;
    for (let j = 0; j < h; j++) dx[i * h + j] += r * dy[i * h + j] * w[j] - c * x[i * h + j];
  }
}

interface LayerCache {
  x: Float32Array;
  n1: Float32Array;
  r1: Float32Array;
  q: Float32Array;
  k: Float32Array;
  v: Float32Array;
  /** q, k, v (after RoPE) head-major [heads, T, d]. */
  qh: Float32Array;
  kh: Float32Array;
  vh: Float32Array;
  p: Float32Array;
  ctx: Float32Array;
  x1: Float32Array;
  n2: Float32Array;
  r2: Float32Array;
  g: Float32Array;
  u: Float32Array;
  s: Float32Array;
}

export class TinyLlama {
  private readonly cos: Float32Array;
  private readonly sin: Float32Array;

  constructor(
    readonly cfg: TinyConfig,
    readonly params: TinyParams,
  ) {
    const d = cfg.hidden / cfg.heads;
    const half = d / 2;
    this.cos = new Float32Array(cfg.maxPositions * half);
    this.sin = new Float32Array(cfg.maxPositions * half);
    for (let pos = 0; pos < cfg.maxPositions; pos++) {
      for (let i = 0; i < half; i++) {
        const angle = pos * (1 / cfg.ropeTheta ** ((2 * i) / d));
        this.cos[pos * half + i] = Math.cos(angle);
        this.sin[pos * half + i] = Math.sin(angle);
      }
    }
  }

  private w(name: string): Float32Array {
    const p = this.params.get(name);
    if (!p) throw new Error(`missing parameter ${name}`);
    return p.data;
  }

  /** Rotate q or k [T, H] in place per head; `sign` −1 applies the inverse (for the backward pass). */
  private rope(x: Float32Array, t: number, sign: number): void {
    const { hidden: h, heads } = this.cfg;
    const d = h / heads;
    const half = d / 2;
    for (let i = 0; i < t; i++) {
      for (let hd = 0; hd < heads; hd++) {
        const base = i * h + hd * d;
        for (let j = 0; j < half; j++) {
          const c = this.cos[i * half + j];
          const s = sign * this.sin[i * half + j];
          const a = x[base + j];
          const b = x[base + half + j];
          x[base + j] = a * c - b * s;
          x[base + half + j] = b * c + a * s;
        }
      }
    }
  }

  /**
   * Loss Σ weight·(−log p(target)) over positions for one sequence, accumulating gradients
   * (scaled by `scale`) into `grads` when given. targets[i] is the token after ids[i]; weight 0 skips.
   */
  lossAndGrad(ids: ArrayLike<number>, targets: ArrayLike<number>, weights: ArrayLike<number>, scale: number, grads?: Map<string, Float32Array>): number {
    const { hidden: h, intermediate: m, heads, vocabSize: vocab, rmsNormEps: eps } = this.cfg;
    const t = ids.length;
    if (t > this.cfg.maxPositions) throw new Error(`sequence of ${t} tokens exceeds ${this.cfg.maxPositions}`);
    const d = h / heads;
    const embed = this.w('model.embed_tokens.weight');
    let x = new Float32Array(t * h);
    for (let i = 0; i < t; i++) x.set(embed.subarray(ids[i] * h, ids[i] * h + h), i * h);
    const caches: LayerCache[] = [];
    const invSqrtD = 1 / Math.sqrt(d);
    for (let l = 0; l < this.cfg.layers; l++) {
      const p = `model.layers.${l}`;
      const c: LayerCache = {
        x,
        n1: new Float32Array(t * h),
        r1: new Float32Array(t),
        q: new Float32Array(t * h),
        k: new Float32Array(t * h),
        v: new Float32Array(t * h),
        qh: new Float32Array(0),
        kh: new Float32Array(0),
        vh: new Float32Array(0),
        p: new Float32Array(heads * t * t),
        ctx: new Float32Array(0),
        x1: new Float32Array(t * h),
        n2: new Float32Array(t * h),
        r2: new Float32Array(t),
        g: new Float32Array(t * m),
        u: new Float32Array(t * m),
        s: new Float32Array(t * m),
      };
      rmsForward(x, this.w(`${p}.input_layernorm.weight`), t, h, eps, c.n1, c.r1);
      mmABt(c.n1, this.w(`${p}.self_attn.q_proj.weight`), t, h, h, c.q);
      mmABt(c.n1, this.w(`${p}.self_attn.k_proj.weight`), t, h, h, c.k);
      mmABt(c.n1, this.w(`${p}.self_attn.v_proj.weight`), t, h, h, c.v);
      this.rope(c.q, t, 1);
      this.rope(c.k, t, 1);
      c.qh = toHeads(c.q, t, heads, d);
      c.kh = toHeads(c.k, t, heads, d);
      c.vh = toHeads(c.v, t, heads, d);
      const ctxh = new Float32Array(t * h);
      for (let hd = 0; hd < heads; hd++) {
        const hb = hd * t * d;
        for (let i = 0; i < t; i++) {
          const row = (hd * t + i) * t;
          const qi = hb + i * d;
          let max = -Infinity;
          for (let j = 0; j <= i; j++) {
            const kj = hb + j * d;
            let s = 0;
            for (let e = 0; e < d; e++) s += c.qh[qi + e] * c.kh[kj + e];
            s *= invSqrtD;
            c.p[row + j] = s;
            if (s > max) max = s;
          }
          let sum = 0;
          for (let j = 0; j <= i; j++) {
            const e = Math.exp(c.p[row + j] - max);
            c.p[row + j] = e;
            sum += e;
          }
          for (let j = 0; j <= i; j++) {
            const pr = c.p[row + j] / sum;
            c.p[row + j] = pr;
            const vj = hb + j * d;
            for (let e = 0; e < d; e++) ctxh[qi + e] += pr * c.vh[vj + e];
          }
        }
      }
      c.ctx = fromHeads(ctxh, t, heads, d);
      const att = new Float32Array(t * h);
      mmABt(c.ctx, this.w(`${p}.self_attn.o_proj.weight`), t, h, h, att);
      for (let i = 0; i < t * h; i++) c.x1[i] = x[i] + att[i];
      rmsForward(c.x1, this.w(`${p}.post_attention_layernorm.weight`), t, h, eps, c.n2, c.r2);
      mmABt(c.n2, this.w(`${p}.mlp.gate_proj.weight`), t, h, m, c.g);
      mmABt(c.n2, this.w(`${p}.mlp.up_proj.weight`), t, h, m, c.u);
      for (let i = 0; i < t * m; i++) {
        const sg = 1 / (1 + Math.exp(-c.g[i]));
        c.s[i] = c.g[i] * sg * c.u[i];
      }
      const mlp = new Float32Array(t * h);
      mmABt(c.s, this.w(`${p}.mlp.down_proj.weight`), t, m, h, mlp);
      const next = new Float32Array(t * h);
      for (let i = 0; i < t * h; i++) next[i] = c.x1[i] + mlp[i];
      caches.push(c);
      x = next;
    }
    const nf = new Float32Array(t * h);
    const rf = new Float32Array(t);
    const finalNorm = this.w('model.norm.weight');
    rmsForward(x, finalNorm, t, h, eps, nf, rf);

    // LM head and cross-entropy only where a target is weighted: rows of the scored positions.
    const scored: number[] = [];
    for (let i = 0; i < t; i++) if (weights[i]) scored.push(i);
    const n = scored.length;
    const rows = new Float32Array(n * h);
    scored.forEach((pos, r) => rows.set(nf.subarray(pos * h, pos * h + h), r * h));
    const logits = new Float32Array(n * vocab);
    mmABt(rows, embed, n, h, vocab, logits);
    let loss = 0;
    for (let r = 0; r < n; r++) {
      const pos = scored[r];
      const wt = weights[pos];
      const base = r * vocab;
      let max = -Infinity;
      for (let v = 0; v < vocab; v++) if (logits[base + v] > max) max = logits[base + v];
      let sum = 0;
      for (let v = 0; v < vocab; v++) {
        const e = Math.exp(logits[base + v] - max);
        logits[base + v] = e;
        sum += e;
      }
      const target = targets[pos];
      loss += wt * -Math.log(logits[base + target] / sum);
      // logits now holds dLoss/dlogits (scaled): wt·scale·(softmax − onehot).
      const g = wt * scale;
      for (let v = 0; v < vocab; v++) logits[base + v] = g * (logits[base + v] / sum - (v === target ? 1 : 0));
    }
    const dEmbed = grads?.get('model.embed_tokens.weight');
    if (!grads || !dEmbed) return loss;
    const dRows = new Float32Array(n * h);
    mmAddAB(logits, embed, n, vocab, h, dRows);
    mmAddAtB(logits, rows, n, vocab, h, dEmbed);
    const dnf = new Float32Array(t * h);
    scored.forEach((pos, r) => dnf.set(dRows.subarray(r * h, r * h + h), pos * h));

    let dx = new Float32Array(t * h);
    rmsBackward(x, finalNorm, rf, dnf, t, h, dx, grads.get('model.norm.weight') as Float32Array);
    for (let l = this.cfg.layers - 1; l >= 0; l--) {
      const p = `model.layers.${l}`;
      const c = caches[l];
      const gw = (n: string) => grads.get(`${p}.${n}.weight`) as Float32Array;
      // MLP: x2 = x1 + down(s)
      const ds = new Float32Array(t * m);
      mmAddAB(dx, this.w(`${p}.mlp.down_proj.weight`), t, h, m, ds);
      mmAddAtB(dx, c.s, t, h, m, gw('mlp.down_proj'));
      const dg = new Float32Array(t * m);
      const du = new Float32Array(t * m);
      for (let i = 0; i < t * m; i++) {
        const sg = 1 / (1 + Math.exp(-c.g[i]));
        const silu = c.g[i] * sg;
        du[i] = ds[i] * silu;
        dg[i] = ds[i] * c.u[i] * sg * (1 + c.g[i] * (1 - sg));
      }
      const dn2 = new Float32Array(t * h);
      mmAddAB(dg, this.w(`${p}.mlp.gate_proj.weight`), t, m, h, dn2);
      mmAddAB(du, this.w(`${p}.mlp.up_proj.weight`), t, m, h, dn2);
      mmAddAtB(dg, c.n2, t, m, h, gw('mlp.gate_proj'));
      mmAddAtB(du, c.n2, t, m, h, gw('mlp.up_proj'));
      const dx1 = dx; // residual
      rmsBackward(c.x1, this.w(`${p}.post_attention_layernorm.weight`), c.r2, dn2, t, h, dx1, gw('post_attention_layernorm'));
      // Attention: x1 = x + o(ctx)
      const dctx = new Float32Array(t * h);
      mmAddAB(dx1, this.w(`${p}.self_attn.o_proj.weight`), t, h, h, dctx);
      mmAddAtB(dx1, c.ctx, t, h, h, gw('self_attn.o_proj'));
      const dctxh = toHeads(dctx, t, heads, d);
      const dqh = new Float32Array(t * h);
      const dkh = new Float32Array(t * h);
      const dvh = new Float32Array(t * h);
      const dp = new Float32Array(t);
      for (let hd = 0; hd < heads; hd++) {
        const hb = hd * t * d;
        for (let i = 0; i < t; i++) {
          const row = (hd * t + i) * t;
          const oi = hb + i * d;
          let dot = 0;
          for (let j = 0; j <= i; j++) {
            const vj = hb + j * d;
            const pr = c.p[row + j];
            let s = 0;
            for (let e = 0; e < d; e++) {
              s += dctxh[oi + e] * c.vh[vj + e];
              dvh[vj + e] += pr * dctxh[oi + e];
            }
            dp[j] = s;
            dot += s * pr;
          }
          for (let j = 0; j <= i; j++) {
            const dsc = c.p[row + j] * (dp[j] - dot) * invSqrtD;
            if (dsc === 0) continue;
            const kj = hb + j * d;
            for (let e = 0; e < d; e++) {
              dqh[oi + e] += dsc * c.kh[kj + e];
              dkh[kj + e] += dsc * c.qh[oi + e];
            }
          }
        }
      }
      const dq = fromHeads(dqh, t, heads, d);
      const dk = fromHeads(dkh, t, heads, d);
      const dv = fromHeads(dvh, t, heads, d);
      this.rope(dq, t, -1);
      this.rope(dk, t, -1);
      const dn1 = new Float32Array(t * h);
      mmAddAB(dq, this.w(`${p}.self_attn.q_proj.weight`), t, h, h, dn1);
      mmAddAB(dk, this.w(`${p}.self_attn.k_proj.weight`), t, h, h, dn1);
      mmAddAB(dv, this.w(`${p}.self_attn.v_proj.weight`), t, h, h, dn1);
      mmAddAtB(dq, c.n1, t, h, h, gw('self_attn.q_proj'));
      mmAddAtB(dk, c.n1, t, h, h, gw('self_attn.k_proj'));
      mmAddAtB(dv, c.n1, t, h, h, gw('self_attn.v_proj'));
      rmsBackward(c.x, this.w(`${p}.input_layernorm.weight`), c.r1, dn1, t, h, dx1, gw('input_layernorm'));
      dx = dx1;
    }
    for (let i = 0; i < t; i++) {
      const row = ids[i] * h;
      for (let e = 0; e < h; e++) dEmbed[row + e] += dx[i * h + e];
    }
    return loss;
  }
}

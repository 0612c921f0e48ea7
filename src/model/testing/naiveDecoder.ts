// An independent, deliberately naive float64 forward pass over plain arrays (HF semantics), for
// checking configurations no fixture covers (Qwen3 q/k norms, explicit head_dim, llama3 RoPE, biases).

import type { ModelConfig } from '../config';
import type { HostTensor } from '../safetensors';

type W = (name: string) => HostTensor | undefined;

function matvec(w: HostTensor, x: number[], bias?: HostTensor): number[] {
  const [out = 0, inp = 0] = w.shape;
  const y: number[] = [];
  for (let o = 0; o < out; o++) {
    let s = bias ? (bias.data[o] ?? 0) : 0;
    for (let i = 0; i < inp; i++) s += (w.data[o * inp + i] ?? 0) * (x[i] ?? 0);
    y.push(s);
  }
  return y;
}

function rms(x: number[], w: HostTensor, eps: number): number[] {
  const ms = x.reduce((a, v) => a + v * v, 0) / x.length;
  return x.map((v, i) => (v / Math.sqrt(ms + eps)) * (w.data[i] ?? 0));
}

function invFreq(cfg: ModelConfig): number[] {
  const half = cfg.headDim / 2;
  return Array.from({ length: half }, (_, i) => {
    const f = 1 / cfg.ropeTheta ** ((2 * i) / cfg.headDim);
    const rs = cfg.ropeScaling;
    if (!rs) return f;
    const wl = (2 * Math.PI) / f;
    if (wl < rs.originalMaxPositionEmbeddings / rs.highFreqFactor) return f;
    if (wl > rs.originalMaxPositionEmbeddings / rs.lowFreqFactor) return f / rs.factor;
    const smooth = (rs.originalMaxPositionEmbeddings / wl - rs.lowFreqFactor) / (rs.highFreqFactor - rs.lowFreqFactor);
    return (1 - smooth) * (f / rs.factor) + smooth * f;
  });
}

function rope(x: number[], pos: number, freqs: number[]): number[] {
  const half = freqs.length;
  return x.map((v, i) => {
    const k = i % half;
    const a = pos * (freqs[k] ?? 0);
    const rot = i < half ? -(x[i + half] ?? 0) : (x[i - half] ?? 0);
    return v * Math.cos(a) + rot * Math.sin(a);
  });
}

/** Logits [T][V] for one unpadded sequence. */
export function naiveLogits(cfg: ModelConfig, w: W, ids: number[]): number[][] {
  const need = (n: string) => {
    const t = w(n);
    if (!t) throw new Error(`naive reference: missing ${n}`);
    return t;
  };
  const { hiddenSize: h, headDim: d, numHeads: nh, numKvHeads: nkv } = cfg;
  const embed = need('model.embed_tokens.weight');
  let xs = ids.map((id) => Array.from(embed.data.subarray(id * h, (id + 1) * h)));
  const freqs = invFreq(cfg);
  for (let l = 0; l < cfg.numLayers; l++) {
    const p = `model.layers.${l}`;
    const qs: number[][][] = [];
    const ks: number[][][] = [];
    const vs: number[][][] = [];
    xs.forEach((x, pos) => {
      const n = rms(x, need(`${p}.input_layernorm.weight`), cfg.rmsNormEps);
      const q = matvec(need(`${p}.self_attn.q_proj.weight`), n, w(`${p}.self_attn.q_proj.bias`));
      const k = matvec(need(`${p}.self_attn.k_proj.weight`), n, w(`${p}.self_attn.k_proj.bias`));
      const v = matvec(need(`${p}.self_attn.v_proj.weight`), n, w(`${p}.self_attn.v_proj.bias`));
      const heads = (a: number[], count: number, norm?: HostTensor) =>
        Array.from({ length: count }, (_, hd) => {
          const head = a.slice(hd * d, (hd + 1) * d);
          return rope(norm ? rms(head, norm, cfg.rmsNormEps) : head, pos, freqs);
        });
      qs.push(heads(q, nh, w(`${p}.self_attn.q_norm.weight`)));
      ks.push(heads(k, nkv, w(`${p}.self_attn.k_norm.weight`)));
      vs.push(Array.from({ length: nkv }, (_, hd) => v.slice(hd * d, (hd + 1) * d)));
    });
    xs = xs.map((x, i) => {
      const ctx: number[] = [];
      for (let hd = 0; hd < nh; hd++) {
        const kv = Math.floor(hd / (nh / nkv));
        const scores = ks.slice(0, i + 1).map((k) => (k[kv] ?? []).reduce((a, kk, j) => a + kk * (qs[i]?.[hd]?.[j] ?? 0), 0) / Math.sqrt(d));
        const m = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - m));
        const z = e.reduce((a, b) => a + b, 0);
        for (let j = 0; j < d; j++) ctx.push(e.reduce((a, p2, t) => a + (p2 / z) * (vs[t]?.[kv]?.[j] ?? 0), 0));
      }
      const attn = matvec(need(`${p}.self_attn.o_proj.weight`), ctx, w(`${p}.self_attn.o_proj.bias`));
      const x1 = x.map((v, j) => v + (attn[j] ?? 0));
      const n2 = rms(x1, need(`${p}.post_attention_layernorm.weight`), cfg.rmsNormEps);
      const g = matvec(need(`${p}.mlp.gate_proj.weight`), n2);
      const u = matvec(need(`${p}.mlp.up_proj.weight`), n2);
      const act = g.map((gv, j) => (gv / (1 + Math.exp(-gv))) * (u[j] ?? 0));
      const down = matvec(need(`${p}.mlp.down_proj.weight`), act);
      return x1.map((v, j) => v + (down[j] ?? 0));
    });
  }
  const head = w('lm_head.weight') ?? embed;
  return xs.map((x) => matvec(head, rms(x, need('model.norm.weight'), cfg.rmsNormEps)));
}

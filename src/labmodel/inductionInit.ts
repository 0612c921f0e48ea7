// A copying circuit written into a freshly initialised lab model, so that it can copy from its context at
// step 0 instead of waiting for induction heads to form (probe:induction measured that they do not form in
// this architecture within thousands of steps of pure copy documents).
//
// The circuit is the two-head induction mechanism of Olsson et al. (2022), set by hand:
//   residual layout  [content (h/2) | previous-token slot (h/2 − 1) | constant 1]
//   layer 0, heads 0–1   previous-token heads: their queries and keys read only the constant dimension, and
//                        RoPE's high-frequency pairs make the score peak at relative offset 1; their values
//                        copy the content half of the previous token into the previous-token slot.
//   layer 1, every head  induction heads: query = a projection of the current token's content, key = the
//                        same projection of the previous-token slot, both on RoPE's low-frequency pairs (a
//                        rotation under half a radian over the whole context), so a position whose
//                        previous token is the current token scores highest; the value copies that
//                        position's content back into the content half, which the tied LM head reads as
//                        "the token that came next last time".
// With `context` (optional) the match also weighs the tokens before: layer 0's heads 2–3 add the token two
// back (offset 2) or the mean of the tokens two and three back (offset 2.5) to the slot (× contextGain),
// and the induction queries read the slot too (× contextMatch), so a position whose previous tokens are
// the current and the previous tokens outscores one that matches the current token alone ("for music, i …" continues the line about music, not any line
// after "i"). The cross terms also reward a one-off alignment, at contextGain or contextMatch < 1 of a match.
// Everything else keeps the seeded random init. The weights stay ordinary Llama weights (Hugging Face loads
// them unchanged); training refines or overwrites the circuit like any other parameters.

import { Rng } from '../model/rng';
import type { TinyConfig, TinyParams } from './tinyLlama';

export interface InductionInit {
  /** Attention-logit margin of the previous-token heads (sharpness of "offset 1"). */
  prevScale: number;
  /** Attention-logit scale of a perfect content match in the induction heads. */
  matchScale: number;
  /** Gain of the copied content relative to the current token's own content. */
  copyGain: number;
  /**
   * RMS of an embedding row. The tied LM head's logits are bounded by the rows' norms: at the random init's
   * 0.02 a perfect copy moves a logit by about one nat, so the rows start larger.
   */
  embedRms: number;
  /** Matching two or three tokens (absent: one token, the bytes of the builds before it). */
  context?: InductionContext;
}

export interface InductionContext {
  /**
   * Where layer 0's heads 2–3 look, in positions back: 2 (the token two back), or 2.5 (the mean of the
   * tokens two and three back, so the match spans three tokens: "music , i" finds the line about music).
   */
  contextOffset: number;
  /** Weight of what they read in the previous-token slot. */
  contextGain: number;
  /** Weight of the slot (the previous tokens) in the induction heads' queries. */
  contextMatch: number;
}

export const DEFAULT_INDUCTION_INIT: Readonly<InductionInit> = Object.freeze({ prevScale: 40, matchScale: 12, copyGain: 10, embedRms: 0.2 });

/** The shape the circuit is laid out for: RoPE pairs split into high (positional) and low (content) frequency. */
function checkShape(cfg: TinyConfig): void {
  const d = cfg.hidden / cfg.heads;
  if (cfg.layers < 2 || cfg.heads < 2 || d !== 16 || cfg.hidden !== 2 * d * 2) {
    throw new Error(`the induction init is laid out for hidden 64, 4 heads of 16, ≥ 2 layers; got hidden ${cfg.hidden}, ${cfg.heads} heads, ${cfg.layers} layers`);
  }
  const lowest = 1 / cfg.ropeTheta ** ((2 * 4) / d);
  if (lowest * cfg.maxPositions > 0.6) throw new Error(`the induction heads need RoPE pairs 4–7 nearly position-free: rope_theta ${cfg.ropeTheta} rotates pair 4 by ${(lowest * cfg.maxPositions).toFixed(2)} rad over ${cfg.maxPositions} positions (use ≥ 1e6)`);
}

/** Weights per RoPE pair (0–3) of the previous-token score Σ w_p cos(θ_p (Δ − 1)), for rope_theta 1e6 and d 16. */
const PREV_PAIR_WEIGHTS = [0.347, 0.239, 0.299, 0.115];

export function applyInductionInit(params: TinyParams, cfg: TinyConfig, seed: number, opts: InductionInit = DEFAULT_INDUCTION_INIT): void {
  checkShape(cfg);
  const h = cfg.hidden;
  const d = h / cfg.heads;
  const half = d / 2;
  const content = h / 2; // dims [0, content)
  const slot = content; // previous-token slot [content, h − 1)
  const one = h - 1; // constant dimension
  const rng = new Rng(seed);
  const gauss = () => {
    const u = Math.max(rng.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  };
  const get = (name: string) => {
    const p = params.get(name);
    if (!p) throw new Error(`missing parameter ${name}`);
    return p.data;
  };

  // Embeddings: random content, an empty slot, a constant. The content std keeps the row's RMS at
  // `embedRms`; the constant is four times that, so RMSNorm maps it to ≈ 3.6.
  const sigma = opts.embedRms;
  const beta = 4 * sigma;
  const cStd = Math.sqrt((h * sigma * sigma - beta * beta) / content);
  const emb = get('model.embed_tokens.weight');
  for (let v = 0; v < cfg.vocabSize; v++) {
    const row = emb.subarray(v * h, (v + 1) * h);
    for (let i = 0; i < h; i++) row[i] = i < content ? gauss() * cStd : i === one ? beta : 0;
  }
  const rms = Math.sqrt((content * cStd * cStd + beta * beta) / h);
  const xOne = beta / rms; // the constant after RMSNorm

  // Layer 0: heads 0 and 1 attend to the previous position and copy content into the slot.
  const q0 = get('model.layers.0.self_attn.q_proj.weight');
  const k0 = get('model.layers.0.self_attn.k_proj.weight');
  const v0 = get('model.layers.0.self_attn.v_proj.weight');
  const o0 = get('model.layers.0.self_attn.o_proj.weight');
  const total = PREV_PAIR_WEIGHTS.reduce((a, b) => a + b, 0);
  const ctx = opts.context;
  if (ctx && !(ctx.contextOffset >= 2 && ctx.contextOffset <= 4 && ctx.contextGain >= 0 && ctx.contextMatch >= 0)) {
    throw new RangeError(`context needs contextOffset in [2, 4] and contextGain, contextMatch ≥ 0; got ${JSON.stringify(ctx)}`);
  }
  const gain = ctx?.contextGain ?? 0;
  // [head, offset, weight]: heads 0–1 look one back; with context, heads 2–3 look further back and write at `contextGain`.
  const offsetHeads: [number, number, number][] = [[0, 1, 1], [1, 1, 1]];
  if (ctx) offsetHeads.push([2, ctx.contextOffset, gain], [3, ctx.contextOffset, gain]);
  for (const [hd, offset, weight] of offsetHeads) {
    for (let r = hd * d; r < (hd + 1) * d; r++) {
      q0.fill(0, r * h, (r + 1) * h);
      k0.fill(0, r * h, (r + 1) * h);
      v0.fill(0, r * h, (r + 1) * h);
    }
    for (let p = 0; p < PREV_PAIR_WEIGHTS.length; p++) {
      // score = (1/√d)·(a·xOne)²·cos(θ_p(Δ − offset)) per pair: q = a on the pair's real part, k = a·e^{i·offset·θ_p}.
      const a = Math.sqrt((opts.prevScale * (PREV_PAIR_WEIGHTS[p] / total) * Math.sqrt(d)) / (xOne * xOne));
      const th = offset / cfg.ropeTheta ** ((2 * p) / d);
      const re = hd * d + p;
      const im = hd * d + half + p;
      q0[re * h + one] = a;
      k0[re * h + one] = a * Math.cos(th);
      k0[im * h + one] = a * Math.sin(th);
    }
    // Value e ← content dim (hd mod 2)·d + e; output: slot dim (hd mod 2)·d + e (the slot has one dim fewer than content).
    for (let e = 0; e < d; e++) {
      const src = (hd % 2) * d + e;
      const dst = slot + (hd % 2) * d + e;
      v0[(hd * d + e) * h + src] = 1;
      for (let r = 0; r < h; r++) o0[r * h + hd * d + e] = r === dst && dst < one ? rms * weight : 0;
    }
  }

  // Layer 1: every head matches the current content against the slot on pairs 4–7, and copies content.
  const q1 = get('model.layers.1.self_attn.q_proj.weight');
  const k1 = get('model.layers.1.self_attn.k_proj.weight');
  const v1 = get('model.layers.1.self_attn.v_proj.weight');
  const o1 = get('model.layers.1.self_attn.o_proj.weight');
  // After layer 0 a row holds content, a copy of the previous content and the constant: its RMS grows.
  const rms1 = Math.sqrt(((2 + gain * gain) * content * cStd * cStd + beta * beta) / h);
  const matchPrev = ctx?.contextMatch ?? 0;
  const match = 2 * half - 8; // 8 low-frequency dims: pairs 4–7, real and imaginary parts
  for (let hd = 0; hd < cfg.heads; hd++) {
    for (let r = hd * d; r < (hd + 1) * d; r++) {
      q1.fill(0, r * h, (r + 1) * h);
      k1.fill(0, r * h, (r + 1) * h);
      v1.fill(0, r * h, (r + 1) * h);
    }
    // A random orthogonal-ish projection of the content (unit rows), the same for query and key; the
    // previous-token slot holds content dims [0, content − 1) shifted by `slot`.
    const cStdNorm = cStd / rms1;
    const expected = content * cStdNorm * cStdNorm; // E|x_content|² after layer 1's norm
    const scale = Math.sqrt((opts.matchScale * Math.sqrt(d)) / (expected * (match / content)));
    for (let m = 0; m < match; m++) {
      const pair = 4 + (m % 4);
      const row = hd * d + (m < 4 ? pair : half + pair);
      const dir = Array.from({ length: content - 1 }, gauss);
      const norm = Math.hypot(...dir);
      for (let c = 0; c < content - 1; c++) {
        q1[row * h + c] = (scale * dir[c]) / norm;
        if (matchPrev !== 0) q1[row * h + slot + c] = (matchPrev * scale * dir[c]) / norm;
        k1[row * h + slot + c] = (scale * dir[c]) / norm;
      }
    }
    // Value: head hd copies content dims (hd mod 2)·d …; output writes them back, scaled to the residual.
    const base = (hd % 2) * d;
    for (let e = 0; e < d; e++) {
      v1[(hd * d + e) * h + base + e] = 1;
      for (let r = 0; r < h; r++) o1[r * h + hd * d + e] = r === base + e ? (opts.copyGain * rms1 * 2) / cfg.heads : 0;
    }
  }
}

// The decoder stack: embeddings → N × (RMSNorm, GQA attention, RMSNorm, SwiGLU) → final RMSNorm,
// for a padded batch, with or without a KV cache, and the LM head that turns hidden states into logits.

import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from './config';
import { attention } from './layers/attention';
import { swiGluMlp } from './layers/mlp';
import { rmsNorm } from './layers/rmsnorm';
import { recomputedLayer } from './layers/checkpoint';
import type { LoraPair } from './layers/linear';
import { frozenGather, matMulT } from './layers/matmulT';
import { ropeTables, type RopeTables } from './layers/rope';
import { KvCache } from './kvcache';
import { LORA_TARGETS, type LoraLookup, type LoraTarget } from './lora';
import { quantGatherRows, quantMatMul } from './quant/kernels';
import type { DecoderWeights } from './weights';

export interface DecoderModel {
  cfg: ModelConfig;
  weights: DecoderWeights;
  invFreq: Float64Array;
}

/** A padded batch: ids [B][T] and valid [B][T] (1 = real token, 0 = padding, left or right). */
export interface DecoderBatch {
  ids: number[][];
  valid: number[][];
}

const MASKED = -1e9;

/**
 * Additive mask [B, 1, 1, T, S]: query slot past+i sees key slot j ≤ past+i that holds a real token;
 * S is past + T, or a preallocated cache's capacity (slots not filled yet are masked).
 */
function attentionMask(keyValid: number[][], past: number, t: number, s = past + t): tf.Tensor {
  const b = keyValid.length;
  const m = new Float32Array(b * t * s);
  for (let g = 0; g < b; g++) {
    const keys = keyValid[g] ?? [];
    for (let i = 0; i < t; i++) {
      const row = (g * t + i) * s;
      for (let j = 0; j < s; j++) m[row + j] = j <= past + i && keys[j] ? 0 : MASKED;
    }
  }
  return tf.tensor(m, [b, 1, 1, t, s]);
}

/** One decoder layer on x [B·T, H]: pre-norm attention and SwiGLU MLP with residuals. */
function decoderLayer(
  model: DecoderModel,
  layer: number,
  w: DecoderWeights['layers'][number],
  x: tf.Tensor2D,
  shape: { b: number; t: number },
  rope: RopeTables,
  mask: tf.Tensor,
  cache: KvCache | undefined,
  lora: ((target: LoraTarget) => LoraPair | undefined) | undefined,
): tf.Tensor2D {
  const { cfg } = model;
  const normed = rmsNorm(x, w.inputNorm, cfg.rmsNormEps);
  const att = attention(normed, shape.b, shape.t, w, cfg, rope, mask, cache?.past(layer), {
    q: lora?.('q_proj'),
    k: lora?.('k_proj'),
    v: lora?.('v_proj'),
    o: lora?.('o_proj'),
  });
  if (cache) cache.store(layer, att.k, att.v);
  const mid = tf.add<tf.Tensor2D>(x, att.out);
  const mlp = swiGluMlp(rmsNorm(mid, w.postNorm, cfg.rmsNormEps), w, {
    gate: lora?.('gate_proj'),
    up: lora?.('up_proj'),
    down: lora?.('down_proj'),
  });
  return tf.add<tf.Tensor2D>(mid, mlp);
}

export interface DecoderOptions {
  /**
   * Keep only each layer's input for the backward and recompute the layer there (gradient
   * checkpointing): the tape then holds one layer's activations at a time instead of every layer's, at
   * the cost of a second forward. For training without a cache only.
   */
  recomputeLayers?: boolean;
}

/**
 * Final-normed hidden states [B, T, H]. With a cache, the batch is appended after the cached slots
 * and the cache is extended; without one, the batch is a whole sequence.
 */
export function decoderHidden(model: DecoderModel, batch: DecoderBatch, cache?: KvCache, lora?: LoraLookup, opts: DecoderOptions = {}): tf.Tensor3D {
  const { cfg, weights } = model;
  const b = batch.ids.length;
  const t = batch.ids[0]?.length ?? 0;
  if (opts.recomputeLayers && cache) throw new Error('recomputeLayers is for training forwards, which use no KV cache.');
  const slots = cache ?? new KvCache(0, b);
  const past = slots.length;
  const positions = slots.advance(batch.valid);
  return tf.tidy(() => {
    const rope = ropeTables(model.invFreq, positions);
    const mask = attentionMask(slots.keyValid, past, t, cache?.capacity);
    const ids = tf.tensor1d(batch.ids.flat(), 'int32'); // [B·T]
    let x = weights.embedQuant ? quantGatherRows(weights.embedQuant, ids) : frozenGather(weights.embed, ids); // [B·T, H]
    weights.layers.forEach((w, layer) => {
      const pairOf = lora ? (target: LoraTarget) => lora(layer, target) : undefined;
      if (opts.recomputeLayers) {
        const pairs = LORA_TARGETS.flatMap((target) => {
          const pair = pairOf?.(target);
          return pair ? [{ target, pair }] : [];
        });
        x = recomputedLayer(x, pairs, [rope.cos, rope.sin, mask], (xIn, look, [cos, sin, m]) =>
          decoderLayer(model, layer, w, xIn, { b, t }, { cos: cos as tf.Tensor4D, sin: sin as tf.Tensor4D }, m, undefined, look),
        );
      } else {
        // A tidy per layer frees its intermediates as soon as the layer is done (gradients keep what they need).
        x = tf.tidy(() => decoderLayer(model, layer, w, x, { b, t }, rope, mask, cache, pairOf));
      }
    });
    return tf.reshape(rmsNorm(x, weights.finalNorm, cfg.rmsNormEps), [b, t, cfg.hiddenSize]); // [B, T, H]
  });
}

/** hidden [N, H] → logits [N, V] */
export function lmHead(model: DecoderModel, hidden: tf.Tensor2D): tf.Tensor2D {
  const q = model.weights.lmHeadQuant;
  return q ? quantMatMul(hidden, q) : matMulT(hidden, model.weights.lmHead);
}

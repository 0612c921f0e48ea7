// The frozen base weights of a decoder as tf tensors, checked against the config by name and shape.
// Linear weights keep HF's [out, in] layout; the layers multiply with transposeB. At int8/int4 precision
// the projections and the embedding / LM head are quantized at load time (norms and biases stay f32).

import * as tf from '@tensorflow/tfjs-core';
import type { Checkpoint } from './checkpoint';
import type { ModelConfig } from './config';
import { WeightMismatchError } from './engineErrors';
import { uploadQuantized, type QuantizedMatrix } from './quant/kernels';
import { bitsOf, layoutFor, quantize, type Precision } from './quant/pack';

export interface LinearWeights {
  /** [out, in] float32; when `quant` is set, the same tensor as quant.packed (int32 [out, in·bits/32]). */
  w: tf.Tensor2D;
  /** [out] */
  b?: tf.Tensor1D;
  /** The packed int8/int4 weight and its scales, when the base was loaded quantized. */
  quant?: QuantizedMatrix;
}

export interface LayerWeights {
  inputNorm: tf.Tensor1D;
  q: LinearWeights;
  k: LinearWeights;
  v: LinearWeights;
  o: LinearWeights;
  /** Qwen3 per-head norms, [headDim]. */
  qNorm?: tf.Tensor1D;
  kNorm?: tf.Tensor1D;
  postNorm: tf.Tensor1D;
  gate: LinearWeights;
  up: LinearWeights;
  down: LinearWeights;
}

export interface DecoderWeights {
  /** [V, H] */
  embed: tf.Tensor2D;
  layers: LayerWeights[];
  /** [H] */
  finalNorm: tf.Tensor1D;
  /** [V, H]; the same tensor as `embed` when tied. */
  lmHead: tf.Tensor2D;
  /** Set when the embedding is quantized; `embed` is then embedQuant.packed. */
  embedQuant?: QuantizedMatrix;
  /** Set when the LM head is quantized (the same object as embedQuant when tied). */
  lmHeadQuant?: QuantizedMatrix;
}

function checkShape(ckpt: Checkpoint, name: string, shape: number[]): Float32Array {
  const t = ckpt.get(name);
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new WeightMismatchError(
      `${ckpt.location}: tensor "${name}" has shape ${JSON.stringify(t.shape)}, but config.json implies ${JSON.stringify(shape)}.`,
      { tensor: name },
    );
  }
  return t.data;
}

function load(ckpt: Checkpoint, name: string, shape: number[]): tf.Tensor {
  return tf.tensor(checkShape(ckpt, name, shape), shape, 'float32');
}

/** Build all weights (matrices quantized at int8/int4); on any mismatch, disposes what was built and rethrows. */
export function loadDecoderWeights(ckpt: Checkpoint, cfg: ModelConfig, precision: Precision = 'f32'): DecoderWeights {
  const made: tf.Tensor[] = [];
  const get = <T extends tf.Tensor>(name: string, shape: number[]): T => {
    const t = load(ckpt, name, shape) as T;
    made.push(t);
    return t;
  };
  /** A [out, in] matrix, quantized unless precision is f32. */
  const matrix = (name: string, out: number, inp: number): { w: tf.Tensor2D; quant?: QuantizedMatrix } => {
    if (precision === 'f32') return { w: get<tf.Tensor2D>(name, [out, inp]) };
    const layout = layoutFor(bitsOf(precision), out, inp, name);
    checkShape(ckpt, name, [out, inp]);
    const quant = uploadQuantized(quantize(ckpt.get(name).data, layout));
    made.push(quant.packed, quant.scales);
    return { w: quant.packed, quant };
  };
  const { hiddenSize: h, intermediateSize: m, numHeads, numKvHeads, headDim, vocabSize } = cfg;
  const linear = (name: string, out: number, inp: number, bias: boolean): LinearWeights => ({
    ...matrix(`${name}.weight`, out, inp),
    b: bias ? get<tf.Tensor1D>(`${name}.bias`, [out]) : undefined,
  });
  try {
    const layers: LayerWeights[] = [];
    for (let i = 0; i < cfg.numLayers; i++) {
      const p = `model.layers.${i}`;
      layers.push({
        inputNorm: get(`${p}.input_layernorm.weight`, [h]),
        q: linear(`${p}.self_attn.q_proj`, numHeads * headDim, h, cfg.qkvBias),
        k: linear(`${p}.self_attn.k_proj`, numKvHeads * headDim, h, cfg.qkvBias),
        v: linear(`${p}.self_attn.v_proj`, numKvHeads * headDim, h, cfg.qkvBias),
        o: linear(`${p}.self_attn.o_proj`, h, numHeads * headDim, cfg.oBias),
        qNorm: cfg.qkNorm ? get(`${p}.self_attn.q_norm.weight`, [headDim]) : undefined,
        kNorm: cfg.qkNorm ? get(`${p}.self_attn.k_norm.weight`, [headDim]) : undefined,
        postNorm: get(`${p}.post_attention_layernorm.weight`, [h]),
        gate: linear(`${p}.mlp.gate_proj`, m, h, false),
        up: linear(`${p}.mlp.up_proj`, m, h, false),
        down: linear(`${p}.mlp.down_proj`, h, m, false),
      });
    }
    const embed = matrix('model.embed_tokens.weight', vocabSize, h);
    const tied = cfg.tieWordEmbeddings || !ckpt.has('lm_head.weight');
    if (!cfg.tieWordEmbeddings && tied) {
      throw new WeightMismatchError(
        `${ckpt.location}: tensor "lm_head.weight" is missing and config.json does not set tie_word_embeddings. Add the tensor or set tie_word_embeddings: true.`,
        { tensor: 'lm_head.weight' },
      );
    }
    const head = tied ? embed : matrix('lm_head.weight', vocabSize, h);
    return {
      embed: embed.w,
      layers,
      finalNorm: get('model.norm.weight', [h]),
      lmHead: head.w,
      embedQuant: embed.quant,
      lmHeadQuant: head.quant,
    };
  } catch (err) {
    tf.dispose(made);
    throw err;
  }
}

/** Every distinct tensor the weights hold (a tied LM head counted once). */
function allTensors(w: DecoderWeights): tf.Tensor[] {
  const all = new Set<tf.Tensor>([w.embed, w.finalNorm, w.lmHead]);
  for (const q of [w.embedQuant, w.lmHeadQuant]) if (q) all.add(q.scales);
  for (const l of w.layers) {
    all.add(l.inputNorm).add(l.postNorm);
    for (const lin of [l.q, l.k, l.v, l.o, l.gate, l.up, l.down]) {
      all.add(lin.w);
      if (lin.b) all.add(lin.b);
      if (lin.quant) all.add(lin.quant.scales);
    }
    if (l.qNorm) all.add(l.qNorm);
    if (l.kNorm) all.add(l.kNorm);
  }
  return [...all];
}

export interface WeightMemory {
  /** Bytes the weight tensors take on the device (packed codes + scales + float32 rest). */
  bytes: number;
  /** Bytes the same weights take in float32. */
  f32Bytes: number;
}

export function weightMemory(w: DecoderWeights): WeightMemory {
  const quantOf = new Map<tf.Tensor, QuantizedMatrix>();
  for (const q of [w.embedQuant, w.lmHeadQuant, ...w.layers.flatMap((l) => [l.q, l.k, l.v, l.o, l.gate, l.up, l.down].map((lin) => lin.quant))]) {
    if (q) quantOf.set(q.packed, q);
  }
  const scales = new Set([...quantOf.values()].map((q) => q.scales));
  let bytes = 0;
  let f32Bytes = 0;
  for (const t of allTensors(w)) {
    bytes += t.size * 4;
    const q = quantOf.get(t);
    if (q) f32Bytes += q.outFeatures * q.inFeatures * 4;
    else if (!scales.has(t as tf.Tensor2D)) f32Bytes += t.size * 4;
  }
  return { bytes, f32Bytes };
}

export function disposeDecoderWeights(w: DecoderWeights): void {
  tf.dispose(allTensors(w));
}

// The frozen base weights of a decoder as tf tensors, checked against the config by name and shape.
// Linear weights keep HF's [out, in] layout; the layers multiply with transposeB.

import * as tf from '@tensorflow/tfjs-core';
import type { Checkpoint } from './checkpoint';
import type { ModelConfig } from './config';
import { WeightMismatchError } from './engineErrors';

export interface LinearWeights {
  /** [out, in] */
  w: tf.Tensor2D;
  /** [out] */
  b?: tf.Tensor1D;
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
}

function load(ckpt: Checkpoint, name: string, shape: number[]): tf.Tensor {
  const t = ckpt.get(name);
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new WeightMismatchError(
      `${ckpt.location}: tensor "${name}" has shape ${JSON.stringify(t.shape)}, but config.json implies ${JSON.stringify(shape)}.`,
      { tensor: name },
    );
  }
  return tf.tensor(t.data, shape, 'float32');
}

/** Build all weights; on any mismatch, disposes what was built and rethrows. */
export function loadDecoderWeights(ckpt: Checkpoint, cfg: ModelConfig): DecoderWeights {
  const made: tf.Tensor[] = [];
  const get = <T extends tf.Tensor>(name: string, shape: number[]): T => {
    const t = load(ckpt, name, shape) as T;
    made.push(t);
    return t;
  };
  const { hiddenSize: h, intermediateSize: m, numHeads, numKvHeads, headDim, vocabSize } = cfg;
  const linear = (name: string, out: number, inp: number, bias: boolean): LinearWeights => ({
    w: get<tf.Tensor2D>(`${name}.weight`, [out, inp]),
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
    const embed = get<tf.Tensor2D>('model.embed_tokens.weight', [vocabSize, h]);
    const tied = cfg.tieWordEmbeddings || !ckpt.has('lm_head.weight');
    if (!cfg.tieWordEmbeddings && tied) {
      throw new WeightMismatchError(
        `${ckpt.location}: tensor "lm_head.weight" is missing and config.json does not set tie_word_embeddings. Add the tensor or set tie_word_embeddings: true.`,
        { tensor: 'lm_head.weight' },
      );
    }
    return {
      embed,
      layers,
      finalNorm: get('model.norm.weight', [h]),
      lmHead: tied ? embed : get<tf.Tensor2D>('lm_head.weight', [vocabSize, h]),
    };
  } catch (err) {
    tf.dispose(made);
    throw err;
  }
}

export function disposeDecoderWeights(w: DecoderWeights): void {
  const all: tf.Tensor[] = [w.embed, w.finalNorm];
  if (w.lmHead !== w.embed) all.push(w.lmHead);
  for (const l of w.layers) {
    all.push(l.inputNorm, l.postNorm);
    for (const lin of [l.q, l.k, l.v, l.o, l.gate, l.up, l.down]) {
      all.push(lin.w);
      if (lin.b) all.push(lin.b);
    }
    if (l.qNorm) all.push(l.qNorm);
    if (l.kNorm) all.push(l.kNorm);
  }
  tf.dispose(all);
}

// GPU memory a training run needs, estimated from a model's config.json before anything is downloaded:
// frozen weights at the chosen precision, three LoRA adapters with gradients and AdamW state, KV cache, activations.

import type { LoraSetup } from './lora';
import type { Precision } from './modelRef';
import { ModelFileFormatError } from './errors';
import { codeFormat, INT4_GROUP } from './quant/pack';

/** The shape of a Llama-family decoder, read from a Hugging Face config.json. */
export interface ModelShape {
  vocabSize: number;
  hiddenSize: number;
  intermediateSize: number;
  numLayers: number;
  numHeads: number;
  numKvHeads: number;
  headDim: number;
  tieEmbeddings: boolean;
  /** q/k/v projections carry a bias (Qwen2). */
  attentionBias: boolean;
}

function field(config: Record<string, unknown>, name: string, fallback?: number): number {
  const v = config[name] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new ModelFileFormatError(`config.json: "${name}" must be a positive whole number, got ${JSON.stringify(config[name])}. Is it a Llama-family decoder config?`, {
      file: 'config.json',
      field: name,
    });
  }
  return v;
}

/** Read the fields the estimate needs; throws ModelFileFormatError naming a missing or bad field. */
export function shapeFromConfig(config: unknown): ModelShape {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ModelFileFormatError('config.json is not a JSON object. Re-download it or pick another model.', { file: 'config.json' });
  }
  const c = config as Record<string, unknown>;
  const hiddenSize = field(c, 'hidden_size');
  const numHeads = field(c, 'num_attention_heads');
  return {
    vocabSize: field(c, 'vocab_size'),
    hiddenSize,
    intermediateSize: field(c, 'intermediate_size'),
    numLayers: field(c, 'num_hidden_layers'),
    numHeads,
    numKvHeads: field(c, 'num_key_value_heads', numHeads),
    headDim: field(c, 'head_dim', Math.floor(hiddenSize / numHeads)),
    tieEmbeddings: c.tie_word_embeddings === true,
    attentionBias: c.attention_bias === true || c.model_type === 'qwen2',
  };
}

/** [in, out] of each linear layer of one decoder block, by its Hugging Face module name. */
export function linearDims(s: ModelShape): Record<string, [number, number]> {
  const q = s.numHeads * s.headDim;
  const kv = s.numKvHeads * s.headDim;
  return {
    q_proj: [s.hiddenSize, q],
    k_proj: [s.hiddenSize, kv],
    v_proj: [s.hiddenSize, kv],
    o_proj: [q, s.hiddenSize],
    gate_proj: [s.hiddenSize, s.intermediateSize],
    up_proj: [s.hiddenSize, s.intermediateSize],
    down_proj: [s.intermediateSize, s.hiddenSize],
  };
}

/** Parameters of the linear layers of all blocks (the part that is quantized), and of the rest. */
function parameterSplit(s: ModelShape): { linear: number; other: number } {
  const perBlock = Object.values(linearDims(s)).reduce((n, [i, o]) => n + i * o, 0);
  const bias = s.attentionBias ? s.numHeads * s.headDim + 2 * s.numKvHeads * s.headDim : 0;
  const norms = 2 * s.hiddenSize;
  const embed = s.vocabSize * s.hiddenSize * (s.tieEmbeddings ? 1 : 2);
  return { linear: s.numLayers * perBlock, other: s.numLayers * (bias + norms) + s.hiddenSize + embed };
}

/** Total parameters. Example: SmolLM2-135M's config → 134,515,008. */
export function parameterCount(s: ModelShape): number {
  const { linear, other } = parameterSplit(s);
  return linear + other;
}

/**
 * Bytes of one [out, in] matrix as the engine holds it (src/model/weights.ts, src/model/quant/pack.ts):
 * f32, or packed codes (int8 per output channel, int4 in groups of 32) plus one f32 scale per group.
 * Undefined when the engine cannot quantize it (in is not a multiple of the codes per word or the group).
 */
export function matrixBytes(out: number, inp: number, precision: Precision): number | undefined {
  if (precision === 'f32') return out * inp * 4;
  const bits = precision === 'int8' ? 8 : 4;
  const group = bits === 8 ? inp : INT4_GROUP;
  if (inp % codeFormat(bits).perWord !== 0 || inp % group !== 0) return undefined;
  return (out * inp * bits) / 8 + out * (inp / group) * 4;
}

/**
 * Bytes of the frozen base's weights at a precision, as the engine loads them: every block's seven
 * projections, the embedding and an untied LM head quantized; norms and biases f32. Undefined when the
 * model cannot be loaded at that precision. Example: the 4-wide toy model of the tests, int8 → 400 bytes.
 */
export function weightBytes(s: ModelShape, precision: Precision): number | undefined {
  const matrices: [number, number][] = Object.values(linearDims(s)).map(([inp, out]): [number, number] => [out, inp]);
  const blocks = Array.from({ length: s.numLayers }, () => matrices).flat();
  const heads: [number, number][] = s.tieEmbeddings ? [[s.vocabSize, s.hiddenSize]] : [[s.vocabSize, s.hiddenSize], [s.vocabSize, s.hiddenSize]];
  let bytes = 0;
  for (const [out, inp] of [...blocks, ...heads]) {
    const b = matrixBytes(out, inp, precision);
    if (b === undefined) return undefined;
    bytes += b;
  }
  const bias = s.attentionBias ? s.numHeads * s.headDim + 2 * s.numKvHeads * s.headDim : 0;
  return bytes + (s.numLayers * (bias + 2 * s.hiddenSize) + s.hiddenSize) * 4;
}

/** One adapter per agent. */
export const ADAPTERS = 3;

export interface MemoryEstimateInput {
  shape: ModelShape;
  precision: Precision;
  lora: Pick<LoraSetup, 'r' | 'targets'>;
  /** G: sequences sampled and trained together. */
  numGenerations: number;
  maxCompletionLength: number;
  /** Prompt tokens per sequence (history, memories, question). */
  promptTokens: number;
}

export interface MemoryEstimate {
  parameters: number;
  weightsBytes: number;
  /** LoRA parameters of all three adapters. */
  loraParameters: number;
  /** Adapter weights and their gradients, f32. */
  loraBytes: number;
  /** AdamW's two moments per adapter parameter, f32. */
  optimizerBytes: number;
  /** Keys and values of G sequences of promptTokens + maxCompletionLength tokens, f32. */
  kvCacheBytes: number;
  /**
   * Activations for the backward pass, f32, assuming gradient checkpointing at block boundaries (what a
   * browser trainer needs to fit): every block's input for all G sequences, one block's working set
   * recomputed at a time, and the logits of the completion tokens.
   */
  activationBytes: number;
  totalBytes: number;
}

/**
 * Estimate the GPU memory of one GRPO step. Unknown LoRA targets are ignored (they add nothing).
 * Example: a 4-wide, 1-block toy model (see the tests) at f32 with r 1 on q/v, G 2, 1 + 3 tokens → 3744 bytes.
 */
export function estimateTrainingMemory(input: MemoryEstimateInput): MemoryEstimate {
  const { shape: s, precision, lora, numGenerations: g, maxCompletionLength: c, promptTokens: p } = input;
  const { linear, other } = parameterSplit(s);
  // A precision the model cannot be loaded at is reported by the setup check; the estimate then counts f32.
  const weightsBytes = weightBytes(s, precision) ?? (linear + other) * 4;
  const dims = linearDims(s);
  const perBlockLora = lora.targets.reduce((n, t) => n + (t in dims ? lora.r * (dims[t][0] + dims[t][1]) : 0), 0);
  const loraParameters = ADAPTERS * s.numLayers * perBlockLora;
  const tokens = g * (p + c);
  const kvCacheBytes = 2 * s.numLayers * s.numKvHeads * s.headDim * tokens * 4;
  const blockInputs = tokens * s.numLayers * s.hiddenSize;
  // One block's working set per token: the inputs of its linear layers and norms (≈ 6·hidden + 3·intermediate) and a row of attention scores.
  const workingSet = tokens * (6 * s.hiddenSize + 3 * s.intermediateSize + s.numHeads * (p + c));
  const logits = g * c * s.vocabSize;
  const activationBytes = (blockInputs + workingSet + logits) * 4;
  const loraBytes = loraParameters * 4 * 2;
  const optimizerBytes = loraParameters * 4 * 2;
  return {
    parameters: linear + other,
    weightsBytes,
    loraParameters,
    loraBytes,
    optimizerBytes,
    kvCacheBytes,
    activationBytes,
    totalBytes: weightsBytes + loraBytes + optimizerBytes + kvCacheBytes + activationBytes,
  };
}

/** "1.23 GB", "456 MB", "789 kB", "12 B" (decimal units, as download sizes are shown). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[i]}`;
}

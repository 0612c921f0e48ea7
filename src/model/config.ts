// config.json of a Llama-family decoder, parsed into one typed, validated object.
// Supported: LlamaForCausalLM (incl. rope_scaling llama3, SmolLM2), Qwen2ForCausalLM, Qwen3ForCausalLM.

import { ModelConfigError, UnsupportedArchitectureError } from './engineErrors';

export const SUPPORTED_ARCHITECTURES = ['LlamaForCausalLM', 'Qwen2ForCausalLM', 'Qwen3ForCausalLM'] as const;
export type Architecture = (typeof SUPPORTED_ARCHITECTURES)[number];

/** Llama 3.x frequency-dependent RoPE rescaling (HF `rope_scaling` with rope_type "llama3"). */
export interface Llama3RopeScaling {
  factor: number;
  lowFreqFactor: number;
  highFreqFactor: number;
  originalMaxPositionEmbeddings: number;
}

export interface ModelConfig {
  architecture: Architecture;
  hiddenSize: number;
  intermediateSize: number;
  numLayers: number;
  numHeads: number;
  /** Grouped-query attention: numHeads is a multiple of it. Defaults to numHeads. */
  numKvHeads: number;
  /** Per-head width: config `head_dim` (Qwen3) or hiddenSize / numHeads. */
  headDim: number;
  vocabSize: number;
  rmsNormEps: number;
  ropeTheta: number;
  ropeScaling?: Llama3RopeScaling;
  /** HF default false: the output head is `lm_head.weight` unless tied to the embeddings. */
  tieWordEmbeddings: boolean;
  /** q/k/v biases: always for Qwen2, `attention_bias` for Llama and Qwen3. */
  qkvBias: boolean;
  /** Bias on o_proj: `attention_bias` for Llama and Qwen3; never for Qwen2. */
  oBias: boolean;
  /** Qwen3: RMSNorm over each head of q and k before RoPE. */
  qkNorm: boolean;
  maxPositionEmbeddings: number;
  eosTokenIds: number[];
}

type Raw = Record<string, unknown>;

function num(raw: Raw, field: string, opts: { int?: boolean; positive?: boolean; fallback?: number } = {}): number {
  const v = raw[field] ?? opts.fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ModelConfigError(`config.json: "${field}" must be a number, got ${JSON.stringify(v)}. Fix the model's config.json.`, { field });
  }
  if (opts.int && !Number.isInteger(v)) throw new ModelConfigError(`config.json: "${field}" must be an integer, got ${v}.`, { field });
  if (opts.positive && v <= 0) throw new ModelConfigError(`config.json: "${field}" must be positive, got ${v}.`, { field });
  return v;
}

function parseRopeScaling(raw: Raw): Llama3RopeScaling | undefined {
  const rs = raw.rope_scaling;
  if (rs === undefined || rs === null) return undefined;
  if (typeof rs !== 'object') throw new ModelConfigError('config.json: "rope_scaling" must be an object or null.', { field: 'rope_scaling' });
  const r = rs as Raw;
  const type = r.rope_type ?? r.type;
  if (type === 'default') return undefined;
  if (type !== 'llama3') {
    throw new UnsupportedArchitectureError(
      `config.json: rope_scaling type ${JSON.stringify(type)} is not supported; supported: none, "default", "llama3".`,
      { field: 'rope_scaling' },
    );
  }
  const f = (name: string) => num(r, name, { positive: true });
  return {
    factor: f('factor'),
    lowFreqFactor: f('low_freq_factor'),
    highFreqFactor: f('high_freq_factor'),
    originalMaxPositionEmbeddings: f('original_max_position_embeddings'),
  };
}

function eosIds(raw: Raw): number[] {
  const e = raw.eos_token_id;
  if (typeof e === 'number') return [e];
  if (Array.isArray(e)) return e.filter((x): x is number => typeof x === 'number');
  return [];
}

/** Validate a parsed config.json; throws UnsupportedArchitectureError or ModelConfigError naming the field. */
export function parseModelConfig(raw: unknown): ModelConfig {
  if (typeof raw !== 'object' || raw === null) throw new ModelConfigError('config.json must hold a JSON object.', { field: '' });
  const r = raw as Raw;
  const archs = r.architectures;
  const arch: unknown = Array.isArray(archs) ? (archs as unknown[])[0] : undefined;
  if (!SUPPORTED_ARCHITECTURES.includes(arch as Architecture)) {
    throw new UnsupportedArchitectureError(
      `config.json: architecture ${JSON.stringify(arch)} is not supported; supported: ${SUPPORTED_ARCHITECTURES.join(', ')}.`,
      { field: 'architectures' },
    );
  }
  const architecture = arch as Architecture;
  const act = r.hidden_act ?? 'silu';
  if (act !== 'silu') {
    throw new UnsupportedArchitectureError(`config.json: hidden_act ${JSON.stringify(act)} is not supported; supported: "silu".`, { field: 'hidden_act' });
  }
  if (r.mlp_bias === true) throw new UnsupportedArchitectureError('config.json: mlp_bias true is not supported; supported: false.', { field: 'mlp_bias' });
  const hiddenSize = num(r, 'hidden_size', { int: true, positive: true });
  const numHeads = num(r, 'num_attention_heads', { int: true, positive: true });
  const numKvHeads = num(r, 'num_key_value_heads', { int: true, positive: true, fallback: numHeads });
  const explicitHeadDim = r.head_dim !== undefined && r.head_dim !== null;
  if (!explicitHeadDim && hiddenSize % numHeads !== 0) {
    throw new ModelConfigError(
      `config.json: num_attention_heads (${numHeads}) does not divide hidden_size (${hiddenSize}); fix num_attention_heads or give head_dim.`,
      { field: 'num_attention_heads' },
    );
  }
  const headDim = explicitHeadDim ? num(r, 'head_dim', { int: true, positive: true }) : hiddenSize / numHeads;
  if (headDim % 2 !== 0) throw new ModelConfigError(`config.json: head_dim ${headDim} must be even for rotary embeddings.`, { field: 'head_dim' });
  if (numHeads % numKvHeads !== 0) {
    throw new ModelConfigError(
      `config.json: num_key_value_heads (${numKvHeads}) does not divide num_attention_heads (${numHeads}).`,
      { field: 'num_key_value_heads' },
    );
  }
  const attentionBias = r.attention_bias === true;
  return {
    architecture,
    hiddenSize,
    intermediateSize: num(r, 'intermediate_size', { int: true, positive: true }),
    numLayers: num(r, 'num_hidden_layers', { int: true, positive: true }),
    numHeads,
    numKvHeads,
    headDim,
    vocabSize: num(r, 'vocab_size', { int: true, positive: true }),
    rmsNormEps: num(r, 'rms_norm_eps', { positive: true, fallback: 1e-6 }),
    ropeTheta: num(r, 'rope_theta', { positive: true, fallback: 10000 }),
    ropeScaling: parseRopeScaling(r),
    tieWordEmbeddings: r.tie_word_embeddings === true,
    qkvBias: architecture === 'Qwen2ForCausalLM' || attentionBias,
    oBias: architecture !== 'Qwen2ForCausalLM' && attentionBias,
    qkNorm: architecture === 'Qwen3ForCausalLM',
    maxPositionEmbeddings: num(r, 'max_position_embeddings', { int: true, positive: true, fallback: 2048 }),
    eosTokenIds: eosIds(r),
  };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelConfig } from './config';
import { ModelConfigError, UnsupportedArchitectureError } from './engineErrors';
import { inverseFrequencies } from './layers/rope';
import { SMOLLM2_135M } from './bench/smolConfig';
import { FIXTURES } from './testing/fixtures';

const fixtureConfig = (m: string) => JSON.parse(readFileSync(join(FIXTURES, m, 'config.json'), 'utf8')) as Record<string, unknown>;


function thrown(raw: unknown): Error {
  try {
    parseModelConfig(raw);
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('config.json', () => {
  it('reads the fixtures: tied Llama with GQA, Qwen2 with q/k/v bias, untied paged-infer Llama', () => {
    expect(parseModelConfig(fixtureConfig('tiny-llama-f32'))).toMatchObject({
      architecture: 'LlamaForCausalLM', numHeads: 4, numKvHeads: 2, headDim: 16, tieWordEmbeddings: true, qkvBias: false, eosTokenIds: [2],
    });
    expect(parseModelConfig(fixtureConfig('tiny-qwen2-bf16'))).toMatchObject({ qkvBias: true, oBias: false, numKvHeads: 1, ropeTheta: 1e6 });
    expect(parseModelConfig(fixtureConfig('paged-infer-tiny-llama'))).toMatchObject({ tieWordEmbeddings: false, headDim: 24 });
  });

  it('reads SmolLM2 and Qwen3 (explicit head_dim, q/k norms)', () => {
    expect(parseModelConfig(SMOLLM2_135M)).toMatchObject({ headDim: 64, numKvHeads: 3, ropeScaling: undefined });
    const qwen3 = parseModelConfig({ ...SMOLLM2_135M, architectures: ['Qwen3ForCausalLM'], hidden_size: 1024, num_attention_heads: 16, num_key_value_heads: 8, head_dim: 128 });
    expect(qwen3).toMatchObject({ architecture: 'Qwen3ForCausalLM', headDim: 128, qkNorm: true, qkvBias: false });
  });

  it('rope_scaling llama3 rescales low frequencies, keeps high ones, and smooths between', () => {
    const base = { ...SMOLLM2_135M, hidden_size: 2048, num_attention_heads: 32, num_key_value_heads: 8, rope_theta: 500000 };
    const scaled = parseModelConfig({
      ...base,
      rope_scaling: { rope_type: 'llama3', factor: 32, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 8192 },
    });
    const plain = inverseFrequencies(parseModelConfig(base));
    const inv = inverseFrequencies(scaled);
    expect(inv[0]).toBe(plain[0]);
    expect(inv[31]).toBeCloseTo((plain[31] ?? 0) / 32, 15);
    const mid = inv.findIndex((f, i) => f !== plain[i] && Math.abs(f - (plain[i] ?? 0) / 32) > 1e-12);
    expect(mid).toBeGreaterThan(0);
  });

  it('names what is supported when the architecture is not', () => {
    const err = thrown({ ...SMOLLM2_135M, architectures: ['GPT2LMHeadModel'] });
    expect(err).toBeInstanceOf(UnsupportedArchitectureError);
    expect(err.message).toMatch(/"GPT2LMHeadModel" is not supported; supported: LlamaForCausalLM, Qwen2ForCausalLM, Qwen3ForCausalLM/);
    expect(thrown({ ...SMOLLM2_135M, rope_scaling: { rope_type: 'yarn', factor: 4 } })).toBeInstanceOf(UnsupportedArchitectureError);
    expect(thrown({ ...SMOLLM2_135M, hidden_act: 'gelu' })).toBeInstanceOf(UnsupportedArchitectureError);
  });

  it('heads not dividing hidden size is a named error naming the field', () => {
    const err = thrown({ ...SMOLLM2_135M, num_attention_heads: 7 }) as ModelConfigError;
    expect(err).toBeInstanceOf(ModelConfigError);
    expect(err.data.field).toBe('num_attention_heads');
    expect(err.message).toMatch(/num_attention_heads \(7\) does not divide hidden_size \(576\)/);
    expect((thrown({ ...SMOLLM2_135M, num_key_value_heads: 2 }) as ModelConfigError).data.field).toBe('num_key_value_heads');
    expect((thrown({ ...SMOLLM2_135M, hidden_size: '576' }) as ModelConfigError).data.field).toBe('hidden_size');
  });
});

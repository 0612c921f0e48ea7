import { describe, expect, it } from 'vitest';
import { estimateTrainingMemory, formatBytes, parameterCount, shapeFromConfig } from './memoryEstimate';

const SMOLLM2_135M = {
  model_type: 'llama',
  vocab_size: 49152,
  hidden_size: 576,
  intermediate_size: 1536,
  num_hidden_layers: 30,
  num_attention_heads: 9,
  num_key_value_heads: 3,
  tie_word_embeddings: true,
};
const QWEN25_05B = {
  model_type: 'qwen2',
  vocab_size: 151936,
  hidden_size: 896,
  intermediate_size: 4864,
  num_hidden_layers: 24,
  num_attention_heads: 14,
  num_key_value_heads: 2,
  tie_word_embeddings: true,
};
const TINY = {
  vocab_size: 10,
  hidden_size: 4,
  intermediate_size: 8,
  num_hidden_layers: 1,
  num_attention_heads: 2,
  num_key_value_heads: 1,
  tie_word_embeddings: true,
};

describe('parameterCount', () => {
  it('matches the published sizes of SmolLM2-135M and Qwen2.5-0.5B (q/k/v biases)', () => {
    expect(parameterCount(shapeFromConfig(SMOLLM2_135M))).toBe(134_515_008);
    expect(parameterCount(shapeFromConfig(QWEN25_05B))).toBe(494_032_768);
  });
  it('counts a separate output head when embeddings are not tied', () => {
    const tied = parameterCount(shapeFromConfig(TINY));
    expect(parameterCount(shapeFromConfig({ ...TINY, tie_word_embeddings: false }))).toBe(tied + 40);
  });
});

describe('shapeFromConfig', () => {
  it('names the missing or bad field', () => {
    const noHidden: Record<string, unknown> = { ...TINY };
    delete noHidden.hidden_size;
    expect(() => shapeFromConfig(noHidden)).toThrow(/"hidden_size" must be a positive whole number, got undefined/);
    expect(() => shapeFromConfig({ ...TINY, num_hidden_layers: 1.5 })).toThrow(/"num_hidden_layers"/);
    expect(() => shapeFromConfig([])).toThrow(/not a JSON object/);
  });
  it('defaults kv heads to the heads and head_dim to hidden/heads', () => {
    const mha: Record<string, unknown> = { ...TINY };
    delete mha.num_key_value_heads;
    expect(shapeFromConfig(mha)).toMatchObject({ numKvHeads: 2, headDim: 2 });
  });
});

describe('estimateTrainingMemory', () => {
  const input = {
    shape: shapeFromConfig(TINY),
    precision: 'f32' as const,
    lora: { r: 1, targets: ['q_proj', 'v_proj', 'not_a_layer'] },
    numGenerations: 2,
    maxCompletionLength: 3,
    promptTokens: 1,
  };
  it('adds weights, three adapters with grads and AdamW moments, KV cache and checkpointed activations (hand-computed)', () => {
    expect(estimateTrainingMemory(input)).toEqual({
      parameters: 196,
      weightsBytes: 784,
      loraParameters: 42,
      loraBytes: 336,
      optimizerBytes: 336,
      kvCacheBytes: 128,
      activationBytes: 2160,
      totalBytes: 3744,
    });
  });
  it('quantizes only the linear layers', () => {
    expect(estimateTrainingMemory({ ...input, precision: 'int4' }).weightsBytes).toBe(144 * 0.625 + 52 * 4);
    expect(estimateTrainingMemory({ ...input, precision: 'int8' }).weightsBytes).toBe(144 * 1.125 + 52 * 4);
  });
  it('keeps every block’s input but only one block’s working set', () => {
    const two = estimateTrainingMemory({ ...input, shape: shapeFromConfig({ ...TINY, num_hidden_layers: 2 }) });
    // One more block: 8 tokens × 4 hidden of block input, no second working set.
    expect(two.activationBytes - estimateTrainingMemory(input).activationBytes).toBe(8 * 4 * 4);
  });
  it('fits Qwen2.5-0.5B at int4 in 2 GB with the classroom settings but not with the paper’s G = 8 × 256', () => {
    const qwen = { ...input, shape: shapeFromConfig(QWEN25_05B), precision: 'int4' as const, lora: { r: 8, targets: ['q_proj', 'v_proj'] }, promptTokens: 512 };
    expect(estimateTrainingMemory({ ...qwen, numGenerations: 4, maxCompletionLength: 96 }).totalBytes).toBeLessThan(2e9);
    expect(estimateTrainingMemory({ ...qwen, numGenerations: 8, maxCompletionLength: 256 }).totalBytes).toBeGreaterThan(2e9);
  });
  it('grows with G × max_completion_length', () => {
    const small = estimateTrainingMemory({ ...input, shape: shapeFromConfig(QWEN25_05B), precision: 'int4', numGenerations: 4 });
    const big = estimateTrainingMemory({ ...input, shape: shapeFromConfig(QWEN25_05B), precision: 'int4', numGenerations: 8 });
    expect(big.kvCacheBytes).toBe(2 * small.kvCacheBytes);
    expect(big.totalBytes).toBeGreaterThan(small.totalBytes);
  });
});

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(1_234_000)).toBe('1.23 MB');
    expect(formatBytes(456_000_000)).toBe('456 MB');
    expect(formatBytes(2.5e9)).toBe('2.50 GB');
  });
});

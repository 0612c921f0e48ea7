import { describe, expect, it } from 'vitest';
import { estimateTrainingMemory, formatBytes, matrixBytes, parameterCount, shapeFromConfig, weightBytes } from './memoryEstimate';

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
  it('counts the weights as the engine quantizes them (hand-computed for int8)', () => {
    // Projections and the tied embedding: codes out·in bytes + one f32 scale per output row; 12 norm weights stay f32.
    const int8 = [4 * 4, 2 * 4, 2 * 4, 4 * 4, 8 * 4, 8 * 4, 4 * 8, 10 * 4].reduce((n, x) => n + x, 0) + 4 * (4 + 2 + 2 + 4 + 8 + 8 + 4 + 10) + 12 * 4;
    expect(int8).toBe(400);
    expect(estimateTrainingMemory({ ...input, precision: 'int8' }).weightsBytes).toBe(400);
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

describe('weightBytes', () => {
  it('is undefined where the engine cannot quantize (int4 needs input widths that are multiples of 32)', () => {
    expect(weightBytes(shapeFromConfig(TINY), 'int4')).toBeUndefined();
    expect(matrixBytes(3, 6, 'int8')).toBeUndefined();
    expect(matrixBytes(3, 64, 'int4')).toBe(3 * 32 + 3 * 2 * 4);
    expect(matrixBytes(3, 64, 'int8')).toBe(3 * 64 + 3 * 4);
  });
  it('gives SmolLM2-135M int8 at ~25.2% and int4 at ~15.6% of the f32 bytes (a 4-byte scale per 32 int4 codes costs 3.1 points)', () => {
    const shape = shapeFromConfig(SMOLLM2_135M);
    const f32 = weightBytes(shape, 'f32') as number;
    expect(f32).toBe(134_515_008 * 4);
    expect((weightBytes(shape, 'int8') as number) / f32).toBeCloseTo(0.2517, 4);
    expect((weightBytes(shape, 'int4') as number) / f32).toBeCloseTo(0.1565, 4);
  });
});

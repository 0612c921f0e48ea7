// Published configs of the models the benchmark builds with random weights (shape only, nothing
// downloaded): SmolLM2-135M, and an in-memory ModelFiles that writes their random checkpoint.

import { ModelFileMissingError } from '../errors';
import type { ModelFiles } from '../files';
import { writeSafetensors } from '../safetensors';
import { tensorShapes } from '../testing/randomModel';

/** HuggingFaceTB/SmolLM2-135M config.json (architecture fields). */
export const SMOLLM2_135M: Record<string, unknown> = {
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  hidden_size: 576,
  intermediate_size: 1536,
  num_hidden_layers: 30,
  num_attention_heads: 9,
  num_key_value_heads: 3,
  vocab_size: 49152,
  rms_norm_eps: 1e-5,
  rope_theta: 100000,
  max_position_embeddings: 8192,
  tie_word_embeddings: true,
  hidden_act: 'silu',
  bos_token_id: 0,
  eos_token_id: 0,
  torch_dtype: 'bfloat16',
};

/**
 * A checkpoint of the config with random weights (uniform, std 0.02 as HF initializes; norms 1),
 * held in memory as safetensors bytes so Engine.load times parsing, upload and quantization only.
 */
export function randomMemoryModel(config: Record<string, unknown>, seed: number): ModelFiles {
  let state = seed >>> 0 || 1;
  const bound = 0.02 * Math.sqrt(3);
  const tensors = [...tensorShapes(config)].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, shape]) => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (name.endsWith('norm.weight')) data.fill(1);
    else {
      for (let i = 0; i < data.length; i++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        data[i] = ((state >>> 0) / 4294967296 - 0.5) * 2 * bound;
      }
    }
    return { name, tensor: { shape, data } };
  });
  const files = new Map<string, Uint8Array>([
    ['config.json', new TextEncoder().encode(JSON.stringify(config))],
    ['model.safetensors', writeSafetensors(tensors)],
  ]);
  return {
    location: 'memory:random',
    has: (name) => Promise.resolve(files.has(name)),
    read: (name) => {
      const bytes = files.get(name);
      return bytes ? Promise.resolve(bytes) : Promise.reject(new ModelFileMissingError(`memory:random has no file "${name}".`, { file: name }));
    },
  };
}

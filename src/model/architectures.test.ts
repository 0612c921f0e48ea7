import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { parseModelConfig } from './config';
import { Engine } from './engine';
import { WeightMismatchError } from './engineErrors';
import { parseSafetensors, readTensor, writeSafetensors } from './safetensors';
import { nodeFolderFiles } from './sources/nodeFolder';
import { FIXTURES, maxAbsDiff, reference } from './testing/fixtures';
import { naiveLogits } from './testing/naiveDecoder';
import { randomModel } from './testing/randomModel';

const IDS = [3, 17, 5, 29, 0, 11, 8, 23, 2, 30];

const small = {
  hidden_size: 32,
  intermediate_size: 48,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  vocab_size: 31,
  rms_norm_eps: 1e-6,
  rope_theta: 10000,
  hidden_act: 'silu',
};

async function engineVsNaive(raw: Record<string, unknown>): Promise<number> {
  const { dir, tensors } = randomModel(raw, 11);
  const engine = await Engine.load(nodeFolderFiles(dir));
  const logits = engine.logits({ ids: [IDS], valid: [IDS.map(() => 1)] });
  const got = await logits.data();
  logits.dispose();
  engine.dispose();
  return maxAbsDiff(got, naiveLogits(parseModelConfig(raw), (n) => tensors.get(n), IDS).flat());
}

describe('architectures no fixture covers, against an independent naive float64 forward', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('the naive forward itself reproduces the Qwen2 fixture', () => {
    const ref = reference('tiny-qwen2-bf16');
    const raw = JSON.parse(readFileSync(join(FIXTURES, 'tiny-qwen2-bf16', 'config.json'), 'utf8')) as Record<string, unknown>;
    const st = parseSafetensors(readFileSync(join(FIXTURES, 'tiny-qwen2-bf16', 'model.safetensors')));
    const ids = ref.input_ids[0] ?? [];
    const logits = naiveLogits(parseModelConfig(raw), (n) => (st.tensors.has(n) ? readTensor(st, n) : undefined), ids);
    expect(maxAbsDiff(logits.flat(), ref.logits[0]?.flat() ?? [])).toBeLessThan(1e-4);
  });

  it('Qwen3: per-head q/k RMSNorm and an explicit head_dim ≠ hidden/heads', async () => {
    expect(await engineVsNaive({ ...small, architectures: ['Qwen3ForCausalLM'], head_dim: 12, tie_word_embeddings: true })).toBeLessThan(1e-4);
  });

  it('Llama 3 rope_scaling, attention_bias and a separate lm_head', async () => {
    const raw = {
      ...small,
      architectures: ['LlamaForCausalLM'],
      attention_bias: true,
      rope_theta: 500000,
      rope_scaling: { rope_type: 'llama3', factor: 8, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 16 },
    };
    expect(await engineVsNaive(raw)).toBeLessThan(1e-4);
  });

  it('a sharded checkpoint (model.safetensors.index.json) gives the same logits as the single file', async () => {
    const src = join(FIXTURES, 'tiny-llama-f32');
    const st = parseSafetensors(readFileSync(join(src, 'model.safetensors')));
    const dir = mkdtempSync(join(tmpdir(), 'sharded-'));
    const names = [...st.tensors.keys()];
    const shards = [names.slice(0, 7), names.slice(7)];
    const weightMap: Record<string, string> = {};
    shards.forEach((part, i) => {
      const file = `model-0000${i + 1}-of-00002.safetensors`;
      writeFileSync(join(dir, file), writeSafetensors(part.map((name) => ({ name, tensor: readTensor(st, name) }))));
      for (const name of part) weightMap[name] = file;
    });
    writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: {}, weight_map: weightMap }));
    writeFileSync(join(dir, 'config.json'), readFileSync(join(src, 'config.json')));
    const engine = await Engine.load(nodeFolderFiles(dir));
    const ref = reference('tiny-llama-f32');
    const logits = engine.logits({ ids: ref.input_ids, valid: ref.input_ids.map((r) => r.map(() => 1)) });
    expect(maxAbsDiff(await logits.data(), ref.logits.flat(2))).toBeLessThan(1e-4);
    logits.dispose();
    engine.dispose();
  });

  it('a missing tensor is a named error naming it', async () => {
    const raw = { ...small, architectures: ['LlamaForCausalLM'], tie_word_embeddings: true };
    const { dir } = randomModel(raw, 1, ['model.layers.1.mlp.up_proj.weight']);
    await expect(Engine.load(nodeFolderFiles(dir))).rejects.toThrow(WeightMismatchError);
    await expect(Engine.load(nodeFolderFiles(dir))).rejects.toThrow(/"model.layers.1.mlp.up_proj.weight" is missing/);
  });

  it('an untied config without lm_head.weight is a named error', async () => {
    const raw = { ...small, architectures: ['LlamaForCausalLM'] };
    const { dir } = randomModel(raw, 1, ['lm_head.weight']);
    await expect(Engine.load(nodeFolderFiles(dir))).rejects.toThrow(/"lm_head.weight" is missing/);
  });

  it('a tensor whose shape disagrees with config.json is a named error', async () => {
    const { dir } = randomModel({ ...small, architectures: ['LlamaForCausalLM'], tie_word_embeddings: true }, 1);
    const files = nodeFolderFiles(dir);
    const wrongCfg = { ...small, architectures: ['LlamaForCausalLM'], tie_word_embeddings: true, intermediate_size: 40 };
    const patched = { ...files, read: async (n: string) => (n === 'config.json' ? new TextEncoder().encode(JSON.stringify(wrongCfg)) : files.read(n)) };
    await expect(Engine.load(patched)).rejects.toThrow(/"model.layers.0.mlp.gate_proj.weight" has shape \[48,32\], but config.json implies \[40,32\]/);
  });
});

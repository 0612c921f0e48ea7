import { describe, expect, it } from 'vitest';
import { writeSafetensors } from '../model/safetensors';
import { checkAdapterFits, sameBase } from './adapterFit';
import { AdapterMismatchError } from './errors';
import { fixtureAdapter, fixtureBase, withConfig } from './testkit';

const ALL = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'];

function mismatch(f: () => unknown): { field: unknown; message: string } {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(AdapterMismatchError);
    return { field: (err as AdapterMismatchError).data.field, message: (err as Error).message };
  }
  throw new Error('expected an AdapterMismatchError');
}

describe('does an adapter fit the base?', () => {
  it("accepts PEFT's own adapter for its base and reports its spec", () => {
    expect(checkAdapterFits('extractor', fixtureAdapter(), fixtureBase(), { r: 4, targets: ALL })).toEqual({ r: 4, alpha: 8, targets: ALL, baseModel: 'tiny-llama-f32' });
  });

  it('refuses another base model, naming both', () => {
    const e = mismatch(() => checkAdapterFits('extractor', fixtureAdapter(), fixtureBase('SmolLM2-135M')));
    expect(e.field).toBe('base_model_name_or_path');
    expect(e.message).toContain('"tiny-llama-f32", not on the chosen base "SmolLM2-135M"');
    expect(sameBase('HuggingFaceTB/SmolLM2-135M', 'SmolLM2-135M')).toBe(true);
  });

  it('refuses a rank or target modules the run does not expect', () => {
    expect(mismatch(() => checkAdapterFits('profiler', fixtureAdapter(), fixtureBase(), { r: 8, targets: ALL })).field).toBe('r');
    const t = mismatch(() => checkAdapterFits('profiler', fixtureAdapter(), fixtureBase(), { r: 4, targets: ['q_proj', 'v_proj'] }));
    expect(t.field).toBe('target_modules');
    expect(t.message).toContain('but the run expects q_proj, v_proj');
    expect(mismatch(() => checkAdapterFits('profiler', withConfig(fixtureAdapter(), { target_modules: ['c_attn'] }), fixtureBase())).field).toBe('target_modules');
  });

  it('refuses tensors whose shapes do not fit (another rank in the weights than in the config, another layer count)', () => {
    const lying = withConfig(fixtureAdapter(), { r: 2 });
    const e = mismatch(() => checkAdapterFits('retriever', lying, fixtureBase()));
    expect(e.field).toBe('shape');
    expect(e.message).toMatch(/has shape \[4,\d+\], but "tiny-llama-f32" needs \[2,\d+\]/);
    const base = fixtureBase();
    const deeper = { ...base, config: { ...base.config, numLayers: base.config.numLayers + 1 } };
    expect(mismatch(() => checkAdapterFits('retriever', fixtureAdapter(), deeper)).message).toContain(`lacks tensor "base_model.model.model.layers.${base.config.numLayers}.`);
    const extra = { ...fixtureAdapter(), 'adapter_model.safetensors': writeSafetensors([{ name: 'base_model.model.lm_head.lora_A.weight', tensor: { shape: [1, 1], data: new Float32Array(1) } }]) };
    expect(mismatch(() => checkAdapterFits('retriever', extra, fixtureBase())).message).toContain('not a LoRA weight');
  });

  it('refuses PEFT variants the decoder does not implement', () => {
    expect(mismatch(() => checkAdapterFits('extractor', withConfig(fixtureAdapter(), { use_dora: true }), fixtureBase())).field).toBe('use_dora');
    expect(mismatch(() => checkAdapterFits('extractor', withConfig(fixtureAdapter(), { peft_type: 'IA3' }), fixtureBase())).field).toBe('peft_type');
  });
});

// LoRA adapters in PEFT's on-disk format: adapter_config.json + adapter_model.safetensors with keys
// `base_model.model.model.layers.{i}.{self_attn|mlp}.{target}.lora_{A|B}.weight`, A [r, in], B [out, r].

import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from './config';
import { AdapterError } from './engineErrors';
import type { ModelFiles } from './files';
import { readJson } from './files';
import { LORA_TARGETS, LoraAdapter, parseTargets, targetShape, type LoraTarget } from './lora';
import { parseSafetensors, readTensor, writeSafetensors, type HostTensor } from './safetensors';

export const ADAPTER_CONFIG = 'adapter_config.json';
export const ADAPTER_WEIGHTS = 'adapter_model.safetensors';

function block(target: LoraTarget): 'self_attn' | 'mlp' {
  return target === 'gate_proj' || target === 'up_proj' || target === 'down_proj' ? 'mlp' : 'self_attn';
}

/** PEFT's key for one LoRA matrix. */
export function peftKey(layer: number, target: LoraTarget, which: 'A' | 'B'): string {
  return `base_model.model.model.layers.${layer}.${block(target)}.${target}.lora_${which}.weight`;
}

const KEY = /^base_model\.model\.model\.layers\.(\d+)\.(self_attn|mlp)\.([a-z_]+)\.lora_(A|B)\.weight$/;

/** adapter_config.json as PEFT writes it for a plain LoRA on a causal LM. */
export function peftConfig(adapter: LoraAdapter, baseModel: string): Record<string, unknown> {
  return {
    peft_type: 'LORA',
    task_type: 'CAUSAL_LM',
    base_model_name_or_path: baseModel,
    r: adapter.spec.rank,
    lora_alpha: adapter.spec.alpha,
    lora_dropout: 0.0,
    bias: 'none',
    target_modules: [...adapter.spec.targets],
    use_rslora: false,
    use_dora: false,
    fan_in_fan_out: false,
    inference_mode: true,
  };
}

/** Both files of an adapter, ready to write to a folder or a download. */
export async function savePeftAdapter(adapter: LoraAdapter, baseModel: string): Promise<Record<string, Uint8Array>> {
  const entries: { name: string; tensor: HostTensor }[] = [];
  for (let layer = 0; layer < adapter.numLayers; layer++) {
    for (const target of adapter.spec.targets) {
      const p = adapter.pair(layer, target);
      if (!p) continue;
      entries.push({ name: peftKey(layer, target, 'A'), tensor: { shape: p.a.shape, data: (await p.a.data()) as Float32Array } });
      entries.push({ name: peftKey(layer, target, 'B'), tensor: { shape: p.b.shape, data: (await p.b.data()) as Float32Array } });
    }
  }
  entries.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return {
    [ADAPTER_CONFIG]: new TextEncoder().encode(`${JSON.stringify(peftConfig(adapter, baseModel), null, 2)}\n`),
    [ADAPTER_WEIGHTS]: writeSafetensors(entries),
  };
}

function field<T>(raw: Record<string, unknown>, name: string, ok: (v: unknown) => v is T, what: string): T {
  const v = raw[name];
  if (!ok(v)) throw new AdapterError(`${ADAPTER_CONFIG}: "${name}" must be ${what}, got ${JSON.stringify(v)}.`, { field: name });
  return v;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Load a PEFT LoRA adapter and check every key and shape against the base model. */
export async function loadPeftAdapter(files: ModelFiles, name: string, cfg: ModelConfig): Promise<LoraAdapter> {
  const raw = await readJson<Record<string, unknown>>(files, ADAPTER_CONFIG);
  if (raw.peft_type !== 'LORA') throw new AdapterError(`${ADAPTER_CONFIG}: peft_type ${JSON.stringify(raw.peft_type)} is not supported; supported: "LORA".`, { field: 'peft_type' });
  for (const flag of ['use_rslora', 'use_dora', 'fan_in_fan_out'] as const) {
    if (raw[flag] === true) throw new AdapterError(`${ADAPTER_CONFIG}: ${flag} true is not supported; supported: false.`, { field: flag });
  }
  if (raw.bias !== undefined && raw.bias !== 'none') throw new AdapterError(`${ADAPTER_CONFIG}: bias ${JSON.stringify(raw.bias)} is not supported; supported: "none".`, { field: 'bias' });
  for (const pattern of ['rank_pattern', 'alpha_pattern'] as const) {
    const p = raw[pattern];
    if (p && typeof p === 'object' && Object.keys(p).length > 0) {
      throw new AdapterError(`${ADAPTER_CONFIG}: a non-empty ${pattern} is not supported.`, { field: pattern });
    }
  }
  const rank = field(raw, 'r', isNumber, 'a number');
  const alpha = field(raw, 'lora_alpha', isNumber, 'a number');
  const targets = parseTargets(field(raw, 'target_modules', isStringArray, 'a list of module names'));
  const adapter = new LoraAdapter(name, { rank, alpha, targets }, cfg.numLayers);
  try {
    const st = parseSafetensors(await files.read(ADAPTER_WEIGHTS), ADAPTER_WEIGHTS);
    const found = new Map<string, HostTensor>();
    for (const key of st.tensors.keys()) {
      const m = KEY.exec(key);
      const layer = Number(m?.[1]);
      const target = m?.[3] as LoraTarget;
      if (!m || layer >= cfg.numLayers || !LORA_TARGETS.includes(target) || m[2] !== block(target) || !targets.includes(target)) {
        throw new AdapterError(`${ADAPTER_WEIGHTS}: key "${key}" is not a LoRA weight of this ${cfg.architecture} with targets ${targets.join(', ')}.`, { tensor: key });
      }
      found.set(key, readTensor(st, key));
    }
    for (let layer = 0; layer < cfg.numLayers; layer++) {
      for (const target of targets) {
        const [out, inp] = targetShape(cfg, target);
        const get = (which: 'A' | 'B', shape: [number, number]) => {
          const key = peftKey(layer, target, which);
          const t = found.get(key);
          if (!t) throw new AdapterError(`${ADAPTER_WEIGHTS}: tensor "${key}" is missing.`, { tensor: key });
          if (t.shape[0] !== shape[0] || t.shape[1] !== shape[1] || t.shape.length !== 2) {
            throw new AdapterError(`${ADAPTER_WEIGHTS}: tensor "${key}" has shape ${JSON.stringify(t.shape)}, expected ${JSON.stringify(shape)}.`, { tensor: key });
          }
          return tf.tensor2d(t.data, shape);
        };
        adapter.setPair(layer, target, get('A', [rank, inp]), get('B', [out, rank]));
      }
    }
  } catch (err) {
    adapter.dispose();
    throw err;
  }
  return adapter;
}

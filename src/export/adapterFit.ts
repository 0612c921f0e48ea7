// Does a PEFT adapter fit a base model? Reads adapter_config.json and the safetensors header on the
// host (no tensors uploaded) and names the first thing that does not fit: base, rank, targets, shapes.

import type { AgentName } from '../agents/names';
import type { ModelConfig } from '../model/config';
import { peftKey } from '../model/peft';
import { LORA_TARGETS, targetShape, type LoraTarget } from '../model/lora';
import { parseSafetensors } from '../model/safetensors';
import { ADAPTER_CONFIG, ADAPTER_WEIGHTS, type PeftFiles } from './adapterArchive';
import { AdapterArchiveError, AdapterMismatchError } from './errors';

/** The base an adapter is imported onto: its name (as PEFT configs record it) and its config.json. */
export interface BaseModelInfo {
  name: string;
  config: ModelConfig;
}

/** What a run expects of its adapters (the setup's LoRA): omitted = take what the adapter says. */
export interface LoraExpectation {
  r: number;
  targets: readonly string[];
}

export interface AdapterSpec {
  r: number;
  alpha: number;
  targets: LoraTarget[];
  baseModel: string;
}

const lastSegment = (s: string) => s.replace(/\/+$/, '').split('/').at(-1) ?? s;

/** Same base: the same name, or the same last path segment (a hub repo vs the folder it was downloaded to). */
export function sameBase(a: string, b: string): boolean {
  return a === b || lastSegment(a) === lastSegment(b);
}

function normalizeTarget(agent: AgentName, name: string): LoraTarget {
  const full = name.endsWith('_proj') ? name : `${name}_proj`;
  if (!(LORA_TARGETS as readonly string[]).includes(full)) {
    throw new AdapterMismatchError(`The ${agent} adapter targets "${name}", which this lab's Llama-family decoder does not have; supported: ${LORA_TARGETS.join(', ')}.`, { agent, field: 'target_modules' });
  }
  return full as LoraTarget;
}

function readConfig(agent: AgentName, bytes: Uint8Array): Record<string, unknown> {
  try {
    const raw: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) return raw as Record<string, unknown>;
  } catch {
    /* reported below with the file named */
  }
  throw new AdapterArchiveError(`${agent}/${ADAPTER_CONFIG} is not a JSON object; export the adapter again.`, { agent, file: ADAPTER_CONFIG });
}

/**
 * Check one agent's adapter against the base and the expected LoRA settings; returns its spec.
 * Unsupported PEFT variants are refused here too, so an import never stores what cannot load.
 */
export function checkAdapterFits(agent: AgentName, files: PeftFiles, base: BaseModelInfo, expect?: LoraExpectation): AdapterSpec {
  const raw = readConfig(agent, files[ADAPTER_CONFIG]);
  const mismatch = (field: string, message: string) => new AdapterMismatchError(`The ${agent} adapter ${message}`, { agent, field });
  if (raw.peft_type !== 'LORA') throw mismatch('peft_type', `is peft_type ${JSON.stringify(raw.peft_type)}; only "LORA" adapters can be imported.`);
  for (const flag of ['use_rslora', 'use_dora', 'fan_in_fan_out'] as const) {
    if (raw[flag] === true) throw mismatch(flag, `sets ${flag}: true, which the lab's decoder does not implement; only plain LoRA can be imported.`);
  }
  if (raw.bias !== undefined && raw.bias !== 'none') throw mismatch('bias', `trains biases (bias ${JSON.stringify(raw.bias)}); only bias "none" can be imported.`);
  const baseModel = raw.base_model_name_or_path;
  if (typeof baseModel !== 'string' || baseModel.trim() === '') {
    throw mismatch('base_model_name_or_path', `has no base_model_name_or_path in ${ADAPTER_CONFIG}, so the base it was trained on is unknown. Add "base_model_name_or_path": "${base.name}" to it if it was trained on ${base.name}, then import again.`);
  }
  if (!sameBase(baseModel, base.name)) {
    throw mismatch('base_model_name_or_path', `was trained on ${JSON.stringify(baseModel)}, not on the chosen base "${base.name}": choose that base model, then import again.`);
  }
  const r = raw.r;
  const alpha = raw.lora_alpha;
  if (typeof r !== 'number' || !Number.isInteger(r) || r <= 0) throw mismatch('r', `has rank ${JSON.stringify(r)}; r must be a positive whole number.`);
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha <= 0) throw mismatch('lora_alpha', `has lora_alpha ${JSON.stringify(alpha)}; it must be a positive number.`);
  const rawTargets = raw.target_modules;
  if (!Array.isArray(rawTargets) || rawTargets.length === 0 || !rawTargets.every((t) => typeof t === 'string')) {
    throw mismatch('target_modules', 'has no list of target_modules; PEFT writes one for every LoRA adapter.');
  }
  const targets = LORA_TARGETS.filter((t) => (rawTargets).map((n) => normalizeTarget(agent, n)).includes(t));
  if (expect) {
    if (r !== expect.r) throw mismatch('r', `has rank r = ${r}, but the run expects r = ${expect.r}: set LoRA r to ${r} in the setup, or import an adapter of rank ${expect.r}.`);
    const want = LORA_TARGETS.filter((t) => expect.targets.map((n) => (n.endsWith('_proj') ? n : `${n}_proj`)).includes(t));
    if (want.join() !== targets.join()) {
      throw mismatch('target_modules', `targets ${targets.join(', ')}, but the run expects ${want.join(', ')}: set the LoRA targets to match, or import a matching adapter.`);
    }
  }
  let st;
  try {
    st = parseSafetensors(files[ADAPTER_WEIGHTS], `${agent}/${ADAPTER_WEIGHTS}`);
  } catch (err) {
    throw new AdapterArchiveError(`${agent}/${ADAPTER_WEIGHTS} is damaged: ${(err as Error).message}`, { agent, file: ADAPTER_WEIGHTS });
  }
  const cfg = base.config;
  const expected = new Map<string, [number, number]>();
  for (let layer = 0; layer < cfg.numLayers; layer++) {
    for (const t of targets) {
      const [out, inp] = targetShape(cfg, t);
      expected.set(peftKey(layer, t, 'A'), [r, inp]);
      expected.set(peftKey(layer, t, 'B'), [out, r]);
    }
  }
  for (const key of st.tensors.keys()) {
    if (!expected.has(key)) throw mismatch('shape', `has tensor "${key}", which is not a LoRA weight of "${base.name}" (${cfg.numLayers} layers, targets ${targets.join(', ')}).`);
  }
  for (const [key, shape] of expected) {
    const t = st.tensors.get(key);
    if (!t) throw mismatch('shape', `lacks tensor "${key}"; "${base.name}" has ${cfg.numLayers} layers, so the adapter is for another base.`);
    if (t.shape.length !== 2 || t.shape[0] !== shape[0] || t.shape[1] !== shape[1]) {
      throw mismatch('shape', `tensor "${key}" has shape ${JSON.stringify(t.shape)}, but "${base.name}" needs ${JSON.stringify(shape)}: the adapter is for another base or rank.`);
    }
  }
  return { r, alpha, targets, baseModel };
}

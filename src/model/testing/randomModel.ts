// Writes a random tiny checkpoint (config.json + model.safetensors) for a config, to a temp folder,
// so tests can cover architectures and options that no fixture has.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseModelConfig } from '../config';
import { Rng } from '../rng';
import { writeSafetensors, type HostTensor } from '../safetensors';

/** Tensor names and shapes a config implies (HF layout). */
export function tensorShapes(raw: Record<string, unknown>): Map<string, number[]> {
  const cfg = parseModelConfig(raw);
  const { hiddenSize: h, intermediateSize: m, headDim: d } = cfg;
  const shapes = new Map<string, number[]>([['model.embed_tokens.weight', [cfg.vocabSize, h]], ['model.norm.weight', [h]]]);
  if (!cfg.tieWordEmbeddings) shapes.set('lm_head.weight', [cfg.vocabSize, h]);
  for (let l = 0; l < cfg.numLayers; l++) {
    const p = `model.layers.${l}`;
    const lin = (n: string, out: number, inp: number, bias: boolean) => {
      shapes.set(`${p}.${n}.weight`, [out, inp]);
      if (bias) shapes.set(`${p}.${n}.bias`, [out]);
    };
    shapes.set(`${p}.input_layernorm.weight`, [h]);
    shapes.set(`${p}.post_attention_layernorm.weight`, [h]);
    lin('self_attn.q_proj', cfg.numHeads * d, h, cfg.qkvBias);
    lin('self_attn.k_proj', cfg.numKvHeads * d, h, cfg.qkvBias);
    lin('self_attn.v_proj', cfg.numKvHeads * d, h, cfg.qkvBias);
    lin('self_attn.o_proj', h, cfg.numHeads * d, cfg.oBias);
    if (cfg.qkNorm) {
      shapes.set(`${p}.self_attn.q_norm.weight`, [d]);
      shapes.set(`${p}.self_attn.k_norm.weight`, [d]);
    }
    lin('mlp.gate_proj', m, h, false);
    lin('mlp.up_proj', m, h, false);
    lin('mlp.down_proj', h, m, false);
  }
  return shapes;
}

export function randomModel(raw: Record<string, unknown>, seed: number, omit: string[] = []): { dir: string; tensors: Map<string, HostTensor> } {
  const rng = new Rng(seed);
  const tensors = new Map<string, HostTensor>();
  for (const [name, shape] of sortedShapes(raw)) {
    if (omit.includes(name)) continue;
    const size = shape.reduce((a, b) => a * b, 1);
    const isNorm = name.endsWith('norm.weight');
    const data = Float32Array.from({ length: size }, () => (isNorm ? 1 + (rng.next() - 0.5) * 0.2 : (rng.next() - 0.5) * 0.4));
    tensors.set(name, { shape, data });
  }
  const dir = mkdtempSync(join(tmpdir(), 'model-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(raw));
  writeFileSync(join(dir, 'model.safetensors'), writeSafetensors([...tensors].map(([name, tensor]) => ({ name, tensor }))));
  return { dir, tensors };
}

function sortedShapes(raw: Record<string, unknown>): [string, number[]][] {
  return [...tensorShapes(raw)].sort(([a], [b]) => (a < b ? -1 : 1));
}

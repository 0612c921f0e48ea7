import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSafetensors, readTensor } from '../src/model/safetensors';
import { FIXTURES } from '../src/model/testing/fixtures';
const st = parseSafetensors(new Uint8Array(readFileSync(join(FIXTURES, 'tiny-llama-f32', 'model.safetensors'))));
for (const name of ['model.embed_tokens.weight', 'model.layers.0.mlp.up_proj.weight', 'model.layers.0.self_attn.q_proj.weight','model.norm.weight','model.layers.0.input_layernorm.weight']) {
  const t = readTensor(st, name); const d = t.data;
  let s = 0, mx = 0; for (const x of d) { s += x * x; mx = Math.max(mx, Math.abs(x)); }
  const distinct = new Set(Array.from(d.slice(0, 2000))).size;
  console.log(name, t.shape, 'std', Math.sqrt(s / d.length).toFixed(4), 'max', mx.toFixed(4), 'distinct/2000', distinct, Array.from(d.slice(0, 6)).map(x=>x.toFixed(4)).join(' '));
}

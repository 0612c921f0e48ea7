import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../src/model/backend';
import { Engine } from '../src/model/engine';
import { parseSafetensors, readTensor, writeSafetensors } from '../src/model/safetensors';
import { nodeFolderFiles } from '../src/model/sources/nodeFolder';
import { FIXTURES, reference } from '../src/model/testing/fixtures';
import { dequantize, layoutFor, quantize } from '../src/model/quant/pack';
await initBackend('cpu');
function am(flat: ArrayLike<number>, v: number) { const o: number[] = []; for (let r = 0; r < flat.length / v; r++) { let b = 0; for (let j = 1; j < v; j++) if (flat[r*v+j]! > flat[r*v+b]!) b = j; o.push(b); } return o; }
for (const model of ['tiny-llama-f32', 'tiny-qwen2-bf16']) {
  const ref = reference(model);
  const st = parseSafetensors(new Uint8Array(readFileSync(join(FIXTURES, model, 'model.safetensors'))));
  for (const bits of [8, 4] as const) for (const variant of ['all', 'noembed', 'embedonly']) {
    const tensors = [...st.tensors.keys()].sort().map((name) => {
      const t = readTensor(st, name);
      const isEmb = name.includes('embed') || name.includes('lm_head');
      const q = t.shape.length === 2 && (variant === 'all' || (variant === 'noembed' ? !isEmb : isEmb));
      if (!q) return { name, tensor: t };
      return { name, tensor: { shape: t.shape, data: dequantize(quantize(t.data, layoutFor(bits, t.shape[0]!, t.shape[1]!, name))) } };
    });
    const dir = mkdtempSync(join(tmpdir(), 'dq-'));
    writeFileSync(join(dir, 'model.safetensors'), writeSafetensors(tensors));
    copyFileSync(join(FIXTURES, model, 'config.json'), join(dir, 'config.json'));
    const e = await Engine.load(nodeFolderFiles(dir));
    const l = e.logits({ ids: ref.input_ids, valid: ref.input_ids.map((r) => r.map(() => 1)) });
    const d = await l.data(); const want = ref.logits.flat(2);
    let mx = 0; for (let i = 0; i < d.length; i++) mx = Math.max(mx, Math.abs(d[i]! - want[i]!));
    const g = am(d, 320), w = am(want, 320);
    console.log(model, bits, variant, 'agree', g.filter((x, i) => x === w[i]).length, '/', w.length, 'maxdiff', mx.toFixed(4));
    e.dispose();
  }
}

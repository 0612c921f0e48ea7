import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { Engine } from '../model/engine';
import { writeSafetensors } from '../model/safetensors';
import { nodeFolderFiles } from '../model/sources/nodeFolder';
import { TinyLlama, hfConfig, initParams, toHostTensors, zerosLike, type TinyConfig } from './tinyLlama';

const CFG: TinyConfig = { vocabSize: 40, hidden: 16, intermediate: 24, layers: 2, heads: 2, maxPositions: 32, ropeTheta: 10000, rmsNormEps: 1e-5 };

function perturbedModel(): TinyLlama {
  const params = initParams(CFG, 3);
  // Move off the init (norms exactly 1, tiny weights) so every path carries gradient.
  for (const p of params.values()) for (let i = 0; i < p.data.length; i++) p.data[i] += 0.3 * Math.sin(i * 1.7 + p.data.length);
  return new TinyLlama(CFG, params);
}

const IDS = [1, 5, 9, 3, 7, 22, 4, 4, 9];
const TARGETS = [5, 9, 3, 7, 22, 4, 4, 9, 1];
const WEIGHTS = [1, 1, 0, 1, 1, 1, 0.5, 1, 1];

describe('TinyLlama', () => {
  it('backward matches central finite differences on every parameter tensor', () => {
    const model = perturbedModel();
    const grads = zerosLike(model.params);
    model.lossAndGrad(IDS, TARGETS, WEIGHTS, 1, grads);
    for (const [name, p] of model.params) {
      for (const idx of [0, 5, p.data.length - 1]) {
        const old = p.data[idx];
        p.data[idx] = old + 1e-2;
        const up = model.lossAndGrad(IDS, TARGETS, WEIGHTS, 1);
        p.data[idx] = old - 1e-2;
        const down = model.lossAndGrad(IDS, TARGETS, WEIGHTS, 1);
        p.data[idx] = old;
        const numeric = (up - down) / 2e-2;
        const analytic = grads.get(name)?.[idx] ?? NaN;
        expect(Math.abs(numeric - analytic), `${name}[${idx}]`).toBeLessThan(0.03 * Math.max(1e-2, Math.abs(numeric) + Math.abs(analytic)));
      }
    }
  });

  it('computes the same loss as the engine loading its safetensors (same forward as any HF Llama)', async () => {
    await tf.setBackend('cpu');
    const model = perturbedModel();
    const dir = mkdtempSync(join(tmpdir(), 'tiny-llama-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify(hfConfig(CFG, { bos: 1, eos: 2, pad: 2 })));
    writeFileSync(join(dir, 'model.safetensors'), writeSafetensors(toHostTensors(model.params)));
    const engine = await Engine.load(nodeFolderFiles(dir));
    const ids = [...IDS, TARGETS[TARGETS.length - 1]];
    const lp = engine.tokenLogprobs({ ids: [ids], valid: [ids.map(() => 1)] });
    const engineNll = Array.from(await lp.data()).reduce((s, v, i) => s - v * WEIGHTS[i], 0);
    lp.dispose();
    engine.dispose();
    expect(model.lossAndGrad(IDS, TARGETS, WEIGHTS, 1)).toBeCloseTo(engineNll, 3);
  });

  it('initialization is a pure function of the seed', () => {
    const a = initParams(CFG, 9);
    const b = initParams(CFG, 9);
    const c = initParams(CFG, 10);
    const w = 'model.layers.1.mlp.up_proj.weight';
    expect(a.get(w)?.data).toEqual(b.get(w)?.data);
    expect(a.get(w)?.data).not.toEqual(c.get(w)?.data);
  });
});

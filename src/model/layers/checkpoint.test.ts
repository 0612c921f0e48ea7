import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine';
import { enableGradients } from '../gradients';
import { LORA_TARGETS } from '../lora';
import { initBackend } from '../backend';
import { loadFixture } from '../testing/fixtures';

// LoRA gradients of a log-prob loss with and without per-layer recomputation, on cpu and wasm.
describe.each(['cpu', 'wasm'] as const)('recomputed layers on %s', (backend) => {
  let engine: Engine;
  beforeAll(async () => {
    await initBackend(backend);
    engine = await loadFixture('tiny-llama-f32', backend);
    await enableGradients();
  });
  afterAll(() => engine.dispose());

  it('give the same loss and LoRA gradients as the plain forward, with a smaller tape', async () => {
    const adapter = engine.createAdapter('ckpt', { rank: 4, alpha: 8, targets: LORA_TARGETS }, 3);
    const vars = adapter.variables();
    for (let i = 1; i < vars.length; i += 2) tf.tidy(() => vars[i].assign(tf.randomNormal(vars[i].shape, 0, 0.05)));
    engine.setActiveAdapter('ckpt');
    const vocab = engine.config.vocabSize;
    const ids = Array.from({ length: 3 }, () => Array.from({ length: 40 }, () => Math.floor(Math.random() * vocab)));
    const valid = ids.map((r, g) => r.map((_, j) => (g === 2 && j < 5 ? 0 : 1))); // one left-padded row
    const adv = tf.tensor2d([[0.8], [-1.1], [0.4]]);
    const run = (recomputeLayers: boolean) => {
      let tape = 0;
      const out = tf.variableGrads(() => {
        const lp = engine.tokenLogprobs({ ids, valid }, { recomputeLayers });
        tape = tf.memory().numBytes;
        return tf.neg<tf.Scalar>(tf.mean(tf.mul(lp, adv)));
      }, vars);
      return { ...out, tape };
    };
    const live = tf.memory().numTensors;
    const plain = run(false);
    const again = run(true);
    expect(again.tape).toBeLessThan(plain.tape);
    expect(Math.abs((await again.value.data())[0] - (await plain.value.data())[0])).toBeLessThan(1e-5);
    for (const [name, g] of Object.entries(plain.grads)) {
      const a = await g.data();
      const b = await again.grads[name].data();
      const scale = Math.max(...Array.from(a, Math.abs));
      expect(scale, name).toBeGreaterThan(0);
      let diff = 0;
      for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
      expect(diff / scale, name).toBeLessThan(1e-4);
    }
    tf.dispose([plain.value, again.value, ...Object.values(plain.grads), ...Object.values(again.grads)]);
    expect(tf.memory().numTensors).toBe(live); // the nested backward leaves nothing behind
    adv.dispose();
    engine.setActiveAdapter(null);
    engine.removeAdapter('ckpt');
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionLogprobs } from '../rl/rollout';
import { AdamW } from '../rl/optim/adamw';
import { updateAgent, type UpdateRow } from '../rl/optim/update';
import { padBatch, sequenceBucket } from './buckets';
import { Engine } from './engine';
import { enableGradients } from './gradients';
import { fixtureFiles, loadFixture, maxAbsDiff } from './testing/fixtures';
import { freshRandom, relErr } from './testing/quantChecks';

describe('sequence buckets', () => {
  it('rounds up to 8, 16, 32, 64, then multiples of 64', () => {
    expect([1, 8, 9, 16, 17, 33, 64, 65, 128, 129, 300].map(sequenceBucket)).toEqual([8, 8, 16, 16, 32, 64, 64, 128, 128, 192, 320]);
    for (let n = 1; n <= 1024; n++) expect(sequenceBucket(n)).toBeGreaterThanOrEqual(n);
    // 1024 different lengths run at 4 + 15 shapes.
    expect(new Set(Array.from({ length: 1024 }, (_, i) => sequenceBucket(i + 1))).size).toBe(19);
  });

  it('pads on the side asked, with id 0 and valid 0, and leaves a full-width batch alone', () => {
    const batch = { ids: [[5, 6, 7]], valid: [[1, 1, 1]] };
    expect(padBatch(batch, 5, 'right')).toEqual({ ids: [[5, 6, 7, 0, 0]], valid: [[1, 1, 1, 0, 0]] });
    expect(padBatch(batch, 5, 'left')).toEqual({ ids: [[0, 0, 5, 6, 7]], valid: [[0, 0, 1, 1, 1]] });
    expect(padBatch(batch, 3, 'right')).toBe(batch);
  });
});

const int = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

/** Fresh random rows whose longest prompt ‖ completion is not itself a bucket length (so padding is added). */
function randomRows(vocab: number): UpdateRow[] {
  for (;;) {
    const rows = Array.from({ length: 3 }, () => ({
      promptIds: Array.from({ length: int(3, 14) }, () => int(1, vocab - 1)),
      completionIds: Array.from({ length: int(1, 9) }, () => int(1, vocab - 1)),
      oldLogprobs: [] as number[],
      advantage: Math.random() * 2 - 1,
    }));
    const width = Math.max(...rows.map((r) => r.promptIds.length + r.completionIds.length));
    if (sequenceBucket(width) !== width) return rows;
  }
}

describe.each(['cpu', 'wasm'] as const)('bucketed forwards on %s equal the unbucketed ones', (backend) => {
  let on: Engine;
  let off: Engine;
  beforeAll(async () => {
    on = await loadFixture('tiny-llama-f32', backend);
    off = await Engine.load(fixtureFiles('tiny-llama-f32'), { bucketSequences: false });
    await enableGradients();
  });
  afterAll(() => {
    on.dispose();
    off.dispose();
  });

  it('an engine buckets by default and can be told not to', () => {
    expect(on.bucketSequences).toBe(true);
    expect(off.bucketSequences).toBe(false);
  });

  it('log-probs of ragged completions, the GRPO loss, KL, gradient norm and LoRA gradients are equal', async () => {
    const spec = { rank: 2, alpha: 4, targets: ['q_proj', 'k_proj', 'v_proj', 'up_proj', 'down_proj'] as const };
    const names = [`bucketed-${backend}`, `plain-${backend}`];
    const adapters = [on.createAdapter(names[0] ?? '', spec, 7), off.createAdapter(names[1] ?? '', spec, 7)];
    // B = 0 would make the adapter a no-op: give both the same fresh random B.
    const [first, second] = adapters.map((a) => a.variables());
    first?.forEach((v, i) => {
      if (!v.name.endsWith('.B')) return;
      const values = tf.tensor(freshRandom(v.size).map((x) => x * 0.05), v.shape);
      v.assign(values);
      second?.[i]?.assign(values);
      values.dispose();
    });
    const rows = randomRows(on.config.vocabSize);
    const lps = await Promise.all(
      [on, off].map((engine, k) => {
        engine.setActiveAdapter(names[k] ?? null);
        return completionLogprobs(engine, rows, 1);
      }),
    );
    expect(lps[0]?.flat().every(Number.isFinite)).toBe(true);
    // cpu: bit-identical. wasm: ≤ 1e-5, because matMulT switches XNNPACK paths at 32 rows (B·T), which
    // padding can cross; each path is exact for the real rows, but the two round differently.
    if (backend === 'cpu') expect(lps[0]).toEqual(lps[1]);
    else expect(maxAbsDiff(lps[0]?.flat() ?? [], lps[1]?.flat() ?? [1])).toBeLessThan(1e-5);
    const withOld = rows.map((r, i) => ({ ...r, oldLogprobs: (lps[1]?.[i] ?? []).map((x) => x + 0.01) }));
    const settings = {
      grpo: { beta: 0.04, epsilonLow: 0.2, epsilonHigh: 0.2, lossType: 'grpo' as const, maxCompletionLength: 16, numIterations: 1 },
      temperature: 1,
      learningRate: 1e-2,
      maxGradNorm: 1,
    };
    const results = [];
    const grads: number[][] = [];
    for (const [k, engine] of [on, off].entries()) {
      const vars = adapters[k]?.variables() ?? [];
      const seen: tf.Tensor[] = [];
      const onGradients = (g: Record<string, tf.Tensor>) => {
        seen.push(...vars.map((v) => tf.keep(g[v.name].clone())));
        return g;
      };
      results.push(await updateAgent(engine, names[k] ?? '', new AdamW(vars), withOld, { ...settings, onGradients }));
      grads.push(Array.from(await tf.concat(seen.map((t) => tf.reshape(t, [-1]))).data()));
      tf.dispose(seen);
    }
    const [r0, r1] = results;
    expect(r0?.skipped).toBe(false);
    expect(r0?.gradNorm).toBeGreaterThan(0);
    const rel = (a: number | undefined, b: number | undefined) => Math.abs((a ?? NaN) - (b ?? NaN)) / Math.abs(b ?? NaN);
    for (const key of ['loss', 'kl', 'gradNorm'] as const) expect(rel(r0?.[key], r1?.[key])).toBeLessThan(1e-5);
    // LoRA gradients sum over the B·T rows, which padding regroups: equal to float32 rounding.
    expect(relErr(grads[0] ?? [], grads[1] ?? [])).toBeLessThan(1e-5);
    names.forEach((n, k) => (k === 0 ? on : off).removeAdapter(n));
  });

  it('sampled generation from prompts of different lengths gives the same tokens', async () => {
    on.setActiveAdapter(null);
    off.setActiveAdapter(null);
    const vocab = on.config.vocabSize;
    const prompts = [int(2, 12), int(2, 12), 13].map((n) => Array.from({ length: n }, () => int(1, vocab - 1)));
    const seed = int(0, 1e6);
    const gen = await Promise.all([on, off].map((e) => e.generate(prompts, { temperature: 1, maxTokens: 6, stopTokens: [], seed })));
    expect(gen[0]?.map((g) => g.ids.length)).toEqual([6, 6, 6]);
    expect(gen[0]).toEqual(gen[1]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from './engine';
import { ContextLengthError } from './engineErrors';
import { fixtureFiles, loadFixture, maxAbsDiff, pagedGolden, reference } from './testing/fixtures';

const ones = (rows: number[][]) => rows.map((r) => r.map(() => 1));

describe.each(['cpu', 'wasm'] as const)('fixture logits on %s', (backend) => {
  describe.each(['tiny-llama-f32', 'tiny-qwen2-bf16'])('%s', (model) => {
    const ref = reference(model);
    let engine: Engine;
    beforeAll(async () => {
      engine = await loadFixture(model, backend);
      await engine.loadAdapter('fixture', fixtureFiles(model, 'adapter'));
    });
    afterAll(() => engine.dispose());

    it('matches reference logits to 1e-4', async () => {
      engine.setActiveAdapter(null);
      const logits = engine.logits({ ids: ref.input_ids, valid: ones(ref.input_ids) });
      expect(maxAbsDiff(await logits.data(), ref.logits.flat(2))).toBeLessThan(1e-4);
      logits.dispose();
    });

    it('matches logits_with_adapter with the fixture adapter active', async () => {
      engine.setActiveAdapter('fixture');
      const logits = engine.logits({ ids: ref.input_ids, valid: ones(ref.input_ids) });
      expect(maxAbsDiff(await logits.data(), ref.logits_with_adapter.flat(2))).toBeLessThan(1e-4);
      logits.dispose();
      engine.setActiveAdapter(null);
    });

    it('matches log_softmax_of_next_token, chunked', async () => {
      const lp = engine.tokenLogprobs({ ids: ref.input_ids, valid: ones(ref.input_ids) }, { chunk: 5 });
      expect(maxAbsDiff(await lp.data(), ref.log_softmax_of_next_token.flat())).toBeLessThan(1e-4);
      lp.dispose();
    });

    it('greedy decoding through the KV cache reproduces greedy.continuation', async () => {
      const [gen] = await engine.generate([ref.greedy.prompt], { temperature: 0, maxTokens: ref.greedy.continuation.length, stopTokens: [] });
      expect(gen?.ids).toEqual(ref.greedy.continuation);
    });
  });

  it('paged-infer-tiny-llama matches its golden logits to 1e-4 (untied lm_head)', async () => {
    const engine = await loadFixture('paged-infer-tiny-llama', backend);
    const golden = pagedGolden();
    const logits = engine.logits({ ids: [golden.tokens], valid: ones([golden.tokens]) });
    expect(maxAbsDiff(await logits.data(), golden.logits.flat())).toBeLessThan(1e-4);
    logits.dispose();
    engine.dispose();
  });
});

describe('batching, padding and the KV cache (cpu)', () => {
  const ref = reference('tiny-llama-f32');
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadFixture('tiny-llama-f32', 'cpu');
  });
  afterAll(() => engine.dispose());

  const row = async (ids: number[][], valid: number[][], b: number, from: number, len: number) => {
    const logits = engine.logits({ ids, valid });
    const v = engine.config.vocabSize;
    const data = await logits.data();
    const t = ids[0]?.length ?? 0;
    logits.dispose();
    return data.slice((b * t + from) * v, (b * t + from + len) * v);
  };

  it('left and right padding give the unpadded logits', async () => {
    const seq = ref.input_ids[0]?.slice(0, 10) ?? [];
    const expected = ref.logits[0]?.slice(0, 10).flat() ?? [];
    const left = await row([[0, 0, 0, ...seq], [1, ...seq, 5, 6]], [[0, 0, 0, ...seq.map(() => 1)], [1, ...seq.map(() => 1), 1, 1]], 0, 3, 10);
    expect(maxAbsDiff(left, expected)).toBeLessThan(1e-4);
    const right = await row([[...seq, 0, 0, 0]], [[...seq.map(() => 1), 0, 0, 0]], 0, 0, 10);
    expect(maxAbsDiff(right, expected)).toBeLessThan(1e-4);
  });

  it('a batch of prompts of different lengths decodes each as it would alone', async () => {
    const prompts = [ref.greedy.prompt, ref.greedy.prompt.slice(3), [7]];
    const together = await engine.generate(prompts, { temperature: 0, maxTokens: 8, stopTokens: [] });
    for (const [i, p] of prompts.entries()) {
      const [alone] = await engine.generate([p], { temperature: 0, maxTokens: 8, stopTokens: [] });
      expect(together[i]?.ids).toEqual(alone?.ids);
    }
  });

  it('with an adapter, every token decoded through the KV cache is the argmax of the full forward pass', async () => {
    await engine.loadAdapter('kv', fixtureFiles('tiny-llama-f32', 'adapter'));
    engine.setActiveAdapter('kv');
    const prompts = [[5, 9, 200, 31], [17]];
    const gens = await engine.generate(prompts, { temperature: 0, maxTokens: 10, stopTokens: [] });
    for (const [g, prompt] of prompts.entries()) {
      const full = [...prompt, ...(gens[g]?.ids ?? [])];
      const logits = engine.logits({ ids: [full], valid: [full.map(() => 1)] });
      const best = tf.argMax(logits, -1);
      const argmax = (await best.array()) as number[][];
      tf.dispose([logits, best]);
      expect(gens[g]?.ids).toEqual(argmax[0]?.slice(prompt.length - 1, full.length - 1));
    }
    engine.setActiveAdapter(null);
    engine.removeAdapter('kv');
  });

  it('stop tokens end a sequence and are kept as its last id', async () => {
    const stopAt = ref.greedy.continuation[2] ?? -1;
    const [gen] = await engine.generate([ref.greedy.prompt], { temperature: 0, maxTokens: 16, stopTokens: [stopAt] });
    expect(gen).toEqual({ ids: ref.greedy.continuation.slice(0, 3), finish: 'stop' });
  });

  it('same seed → same tokens; a saved RNG state replays', async () => {
    const opts = { temperature: 1, topP: 0.9, topK: 50, maxTokens: 12, stopTokens: [] };
    const a = await engine.generate([ref.greedy.prompt, [5, 6]], { ...opts, seed: 7 });
    const b = await engine.generate([ref.greedy.prompt, [5, 6]], { ...opts, seed: 7 });
    const c = await engine.generate([ref.greedy.prompt, [5, 6]], { ...opts, seed: 8 });
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('refuses sequences past max_position_embeddings with a ContextLengthError that says what to shorten', async () => {
    const max = engine.config.maxPositionEmbeddings;
    const long = Array.from({ length: max + 1 }, (_, i) => 3 + (i % 50));
    expect(() => engine.logits({ ids: [long], valid: ones([long]) })).toThrow(ContextLengthError);
    expect(() => engine.tokenLogprobs({ ids: [long], valid: ones([long]) })).toThrow(/has 512 positions \(max_position_embeddings\)/);
    const prompt = long.slice(0, max - 4);
    await expect(engine.generate([prompt, [5]], { temperature: 0, maxTokens: 5 })).rejects.toThrow(/a 508-token prompt plus 5 new tokens needs 513.*lower maxPromptTokens.*max_completion_length/);
    const [fits] = await engine.generate([prompt], { temperature: 0, maxTokens: 4, stopTokens: [] });
    expect(fits.ids).toHaveLength(4);
    // Left padding up to the bucket takes no positions: a 450-token prompt (bucket 512) still has room for 60.
    const [padded] = await engine.generate([long.slice(0, 450), [5, 6]], { temperature: 0, maxTokens: 60, stopTokens: [] });
    expect(padded.ids).toHaveLength(60);
  });

  it('holds tf.memory().numTensors flat across 100 decode steps', async () => {
    engine.createAdapter('leak', { rank: 2, alpha: 4, targets: ['q_proj', 'v_proj'] }, 1);
    engine.setActiveAdapter('leak');
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    await engine.generate([[1, 2, 3], [4]], { temperature: 0.8, seed: 3, maxTokens: 100, stopTokens: [], onStep: () => counts.push(tf.memory().numTensors) });
    expect(counts).toHaveLength(100);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    engine.setActiveAdapter(null);
    engine.removeAdapter('leak');
  });
});

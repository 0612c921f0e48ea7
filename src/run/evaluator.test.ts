import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { perAgent } from '../agents/names';
import { memoryFiles } from '../model/sources/memory';
import { initBackend } from '../model/backend';
import { Engine } from '../model/engine';
import { FIXTURES, fixtureFiles } from '../model/testing/fixtures';
import { loadTokenizer } from '../model/tokenizer';
import { tokenizerCodec } from '../rl/codec';
import type { EvalProgress } from './protocol/evaluator';
import { fixtureModel, tinySetup, tinyWorld } from './training/testkit';
import { EvalOptionsError, EvalTargetError } from '../rl/eval/errors';
import { evaluateTeam } from '../rl/eval/evaluate';
import { InProcessEvaluator, type StoredRunForEval } from './evaluator';

const adapterDir = join(FIXTURES, 'tiny-llama-f32', 'adapter');
const peft = () => ({
  'adapter_config.json': new Uint8Array(readFileSync(join(adapterDir, 'adapter_config.json'))),
  'adapter_model.safetensors': new Uint8Array(readFileSync(join(adapterDir, 'adapter_model.safetensors'))),
});

describe('InProcessEvaluator on the fixture model (wasm)', { timeout: 180_000 }, () => {
  let loads = 0;
  const setup = tinySetup({ maxPromptTokens: 120, rl: { ...tinySetup().rl, max_completion_length: 3 } });
  const runs: Record<string, StoredRunForEval> = {
    trained: { setup, adapters: { step: 2, files: perAgent(peft) } },
    again: { setup, adapters: { step: 3, files: perAgent(peft) } },
    fresh: { setup },
  };
  const evaluator = new InProcessEvaluator({
    loadModel: async () => {
      loads += 1;
      return { ...(await fixtureModel('wasm')), baseModel: 'tiny-llama-f32' };
    },
    loadDataset: () => Promise.resolve(tinyWorld()),
    loadRun: (id) => Promise.resolve(runs[id]),
  });
  afterAll(() => evaluator.dispose());

  it("evaluates a run's stored adapters, the untrained team and a baseline on one loaded model, with progress", async () => {
    const seen: EvalProgress[] = [];
    const run = await evaluator.evaluate({ kind: 'run', runId: 'trained' }, { split: 'val', limit: 2 }, (p) => seen.push(p));
    expect(run.adapterStep).toBe(2);
    expect(run.report.questions).toBe(Math.min(2, tinyWorld().split.val.length));
    expect(Object.values(run.report.byType).reduce((a, t) => a + t.questions, 0)).toBe(run.report.questions);
    const last = seen.filter((p) => p.phase === 'eval').at(-1);
    expect(last).toMatchObject({ done: run.report.questions, total: run.report.questions, unit: 'questions' });

    const untrained = await evaluator.evaluate({ kind: 'untrained', setup }, { split: 'val', limit: 2 });
    const { engine, codec } = await fixtureModel('wasm');
    try {
      const direct = await evaluateTeam(engine, codec, tinyWorld(), perAgent(() => null), setup.prompts, {
        split: 'val', temperature: 0, maxTokens: 3, maxPromptTokens: 120, limit: 2, seed: setup.seed,
      });
      expect(untrained.report).toEqual(direct);
      for (const n of ['extractor', 'profiler', 'retriever'] as const) await engine.loadAdapter(n, memoryFiles(n, peft()));
      const withAdapters = await evaluateTeam(engine, codec, tinyWorld(), perAgent((n) => n), setup.prompts, {
        split: 'val', temperature: 0, maxTokens: 3, maxPromptTokens: 120, limit: 2, seed: setup.seed,
      });
      expect(run.report).toEqual(withAdapters);
    } finally {
      engine.dispose();
    }

    const again = await evaluator.evaluate({ kind: 'run', runId: 'again' }, { split: 'val', limit: 2 });
    expect(again.adapterStep).toBe(3);
    expect(again.report).toEqual(run.report);
    const rag = await evaluator.evaluate({ kind: 'baseline', name: 'rag', setup }, { split: 'val', limit: 2 });
    expect(rag.report.system).toBe('rag');
    expect(loads).toBe(1);
  });

  it('names a missing run, a run without adapters and a bad limit', async () => {
    await expect(evaluator.evaluate({ kind: 'run', runId: 'nope' }, { split: 'val' })).rejects.toThrow(EvalTargetError);
    await expect(evaluator.evaluate({ kind: 'run', runId: 'fresh' }, { split: 'val' })).rejects.toThrow(/no saved adapters yet/);
    await expect(evaluator.evaluate({ kind: 'untrained', setup }, { split: 'val', limit: 0 })).rejects.toThrow(EvalOptionsError);
  });
});

describe('a run is evaluated at the precision it was trained on (wasm)', { timeout: 180_000 }, () => {
  it('loads the base at int8 for an int8-trained run, and again at f32 for an f32 setup', async () => {
    await initBackend('wasm');
    const files = fixtureFiles('tiny-llama-f32');
    const codec = tokenizerCodec(await loadTokenizer(files));
    const loaded: Engine[] = [];
    const int8 = tinySetup({ precision: 'int8', maxPromptTokens: 120, rl: { ...tinySetup().rl, max_completion_length: 3 } });
    const evaluator = new InProcessEvaluator({
      loadModel: async (_ref, _progress, precision) => {
        const engine = await Engine.load(files, { precision });
        loaded.push(engine);
        return { engine, codec, baseModel: 'tiny-llama-f32' };
      },
      loadDataset: () => Promise.resolve(tinyWorld()),
      loadRun: (id) => Promise.resolve(id === 'int8' ? { setup: int8, adapters: { step: 2, files: perAgent(peft) } } : undefined),
    });
    try {
      const run = await evaluator.evaluate({ kind: 'run', runId: 'int8' }, { split: 'val', limit: 2 });
      expect(loaded.map((e) => e.precision)).toEqual(['int8']);
      // The same questions on an int8 engine with the run's adapters, evaluated directly.
      const direct = await Engine.load(files, { precision: 'int8' });
      try {
        for (const n of ['extractor', 'profiler', 'retriever'] as const) await direct.loadAdapter(n, memoryFiles(n, peft()));
        expect(run.report).toEqual(
          await evaluateTeam(direct, codec, tinyWorld(), perAgent((n) => n), int8.prompts, { split: 'val', temperature: 0, maxTokens: 3, maxPromptTokens: 120, limit: 2, seed: int8.seed }),
        );
      } finally {
        direct.dispose();
      }
      await evaluator.evaluate({ kind: 'untrained', setup: { ...int8, precision: 'f32' } }, { split: 'val', limit: 1 });
      expect(loaded.map((e) => e.precision)).toEqual(['int8', 'f32']);
    } finally {
      evaluator.dispose();
    }
  });
});

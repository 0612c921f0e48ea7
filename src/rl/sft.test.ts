import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { Engine } from '../model/engine';
import { nodeFolderFiles } from '../model/sources/nodeFolder';
import { loadTokenizer } from '../model/tokenizer';
import { tokenizerCodec } from './codec';
import { demonstrationsByAgent, trainWorld } from '../labmodel/corpus';
import { SftInputError } from './errors';
import { coldStartSft } from './sft';

const DIR = join(process.cwd(), 'public', 'models', 'comam-tiny');
const ADAPTERS = { extractor: 'sft-extractor', profiler: 'sft-profiler', retriever: 'sft-retriever' };
const LORA = { rank: 4, alpha: 8, targets: ['q_proj', 'v_proj'] as const };

describe('coldStartSft', () => {
  it('lowers the completion loss of the demonstrated agent and leaves the others alone', { timeout: 300_000 }, async () => {
    await tf.setBackend('cpu');
    const files = nodeFolderFiles(DIR);
    const engine = await Engine.load(files);
    const codec = tokenizerCodec(await loadTokenizer(files));
    const demos = demonstrationsByAgent(trainWorld(5), 3);
    const seen: number[] = [];
    const report = await coldStartSft(engine, codec, { profiler: demos.profiler.slice(0, 1) }, ADAPTERS, { steps: 3, batchSize: 1, learningRate: 0.02, lora: LORA, seed: 1 }, (p) =>
      seen.push(p.step),
    );
    expect(seen).toEqual([1, 2, 3]);
    expect(report.profiler?.lastLoss).toBeLessThan(report.profiler?.firstLoss ?? 0);
    expect(report.extractor).toBeUndefined();
    expect(engine.adapterNames()).toEqual(['sft-profiler']);
    expect(engine.activeAdapter).toBeNull();
    engine.dispose();
  });

  it('rejects bad settings with a named error', async () => {
    await tf.setBackend('cpu');
    const files = nodeFolderFiles(DIR);
    const engine = await Engine.load(files);
    const codec = tokenizerCodec(await loadTokenizer(files));
    await expect(coldStartSft(engine, codec, {}, ADAPTERS, { steps: 0, batchSize: 1, learningRate: 0.01, lora: LORA, seed: 1 })).rejects.toBeInstanceOf(SftInputError);
    engine.dispose();
  });
});

// Test helpers for the trainer (Node only): a tiny run setup on a generated world with short
// prompt templates, and the tiny-llama fixture engine with its tokenizer as the model.

import { generateWorld } from '../../env/generator';
import { rubricJudge } from '../../judge/rubric';
import type { Dataset } from '../../env/types';
import type { Engine } from '../../model/engine';
import { fixtureFiles, loadFixture } from '../../model/testing/fixtures';
import { loadTokenizer } from '../../model/tokenizer';
import type { RunSetup } from '../runSetup';
import { tokenizerCodec, type PromptCodec } from '../../rl/codec';
import { resolveConfig } from '../../rl/config';
import type { RunStore } from '../runStore';
import type { TrainerDeps } from '../trainer';

/** Short templates with the real slots keep the fixture model's prompts at a few dozen tokens. */
export const SHORT_PROMPTS = {
  extractor: 'H:\n{{history}}\nM:',
  profiler: 'M:\n{{memory}}\nP:',
  retriever: '{{memory}}|{{profile}}|{{question}}|{{options}}\nA:',
};

export const TINY_WORLD = { kind: 'synthetic', seed: 5, personas: 2, sessionsPerPersona: 2, turnsPerSession: 4, distractorRatio: 0 } as const;

export function tinySetup(over: Partial<RunSetup> = {}): RunSetup {
  return {
    dataset: { ...TINY_WORLD },
    model: { kind: 'folder', name: 'tiny-llama-f32' },
    precision: 'f32',
    judge: { kind: 'rubric' },
    prompts: { ...SHORT_PROMPTS },
    rl: resolveConfig({ num_generations: 2, max_completion_length: 4, learning_rate: 0.05 }),
    lora: { r: 4, alpha: 8, targets: ['q_proj', 'v_proj'] },
    questionsPerStep: 1,
    steps: 2,
    checkpointEvery: 1,
    seed: 3,
    maxPromptTokens: 160,
    ...over,
  };
}

export function tinyWorld(): Dataset {
  return generateWorld({ seed: TINY_WORLD.seed, personas: 2, sessionsPerPersona: 2, turnsPerSession: 4, distractorRatio: 0, topicsPerPersona: 1 });
}

export async function fixtureModel(backend: 'cpu' | 'wasm' = 'cpu'): Promise<{ engine: Engine; codec: PromptCodec }> {
  const engine = await loadFixture('tiny-llama-f32', backend);
  const codec = tokenizerCodec(await loadTokenizer(fixtureFiles('tiny-llama-f32')));
  return { engine, codec };
}

/** What an in-process trainer over the fixture model (wasm), the tiny world and the rubric judge needs, storing in `store`. */
export function fixtureTrainerDeps(store: RunStore): TrainerDeps {
  return {
    store,
    loadModel: async () => ({ ...(await fixtureModel('wasm')), baseModel: 'tiny-llama-f32' }),
    loadDataset: () => Promise.resolve(tinyWorld()),
    makeJudge: () => Promise.resolve(rubricJudge()),
  };
}

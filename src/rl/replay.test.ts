import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENTS } from '../agents/registry';
import { AGENT_NAMES, perAgent } from '../agents/names';
import type { Engine } from '../model/engine';
import { Rng } from '../model/rng';
import type { PromptCodec } from './codec';
import { RolloutInputError } from './errors';
import { replayTeam } from './replay';
import { sampleTeam, templatesWithText } from './rollout';
import { problemsOf } from './problem';
import { fixtureModel, tinySetup, tinyWorld } from '../run/training/testkit';

let engine: Engine;
let codec: PromptCodec;
beforeAll(async () => {
  ({ engine, codec } = await fixtureModel('cpu'));
});
afterAll(() => engine.dispose());

describe('replayTeam', () => {
  it('runs stored PEFT adapters greedily and gives what the same adapters give in a rollout; then unloads them', async () => {
    const setup = tinySetup();
    const world = tinyWorld();
    const p = problemsOf(world)(world.split.train[0], 'train');
    const trained = perAgent((n) => `orig.${n}`);
    AGENT_NAMES.forEach((n, k) => {
      const a = engine.createAdapter(trained[n], { rank: 4, alpha: 8, targets: ['q_proj', 'v_proj'] }, 7 + k);
      // Non-zero B so the adapter changes the model (a fresh adapter starts as the base).
      for (const v of a.variables()) v.assign(tf.tidy(() => tf.add(v, tf.randomUniform(v.shape, -0.5, 0.5, 'float32', 11 + k))));
    });
    const files = perAgent(() => ({}));
    for (const n of AGENT_NAMES) files[n] = await engine.saveAdapter(trained[n], 'tiny-llama-f32');

    const input = { history: p.history, query: p.question.query, options: p.question.options };
    const out = await replayTeam(engine, codec, setup, files, input);
    const [[direct]] = await sampleTeam(
      engine,
      codec,
      { templates: templatesWithText(perAgent((n) => AGENTS[n].prompt), setup.prompts), adapters: trained },
      [{ history: p.history, question: p.question }],
      { groupSize: 1, temperature: 0, topP: 1, maxTokens: setup.rl.max_completion_length, maxPromptTokens: setup.maxPromptTokens, logprobs: false },
      new Rng(1),
    );
    expect(out.outputs).toEqual(perAgent((n) => direct.agents[n].text));
    expect(out.memory).toEqual(direct.parsed.extractor);
    expect(out.choice).toEqual(direct.parsed.retriever.choice);
    expect(out.historyTurns).toBeGreaterThan(0);
    expect(engine.adapterNames().filter((n) => n.startsWith('replay.'))).toEqual([]);
  });

  it('refuses an empty question or missing options with a named error', async () => {
    const files = perAgent(() => ({}));
    await expect(replayTeam(engine, codec, tinySetup(), files, { history: [], query: ' ', options: ['a', 'b', 'c', 'd'] })).rejects.toThrow(RolloutInputError);
    await expect(replayTeam(engine, codec, tinySetup(), files, { history: [], query: 'q', options: ['a', 'b', '', 'd'] })).rejects.toThrow(/four non-empty options/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Turn } from '../../env/types';
import type { Engine } from '../../model/engine';
import type { PromptCodec } from '../codec';
import { fixtureModel, SHORT_PROMPTS, tinyWorld } from '../trainer/testkit';
import { baselineMemory, lexicalTopK } from './baselines';
import { evaluateBaseline, evaluateTeam } from './evaluate';

const turn = (index: number, content: string): Turn => ({ id: `c:${index}`, index, role: 'user', content, session: 0 });
const H = [turn(0, 'I like green tea in the morning.'), turn(1, 'The weather is nice.'), turn(2, 'I switched from tea to coffee.'), turn(3, 'Bye!')];
const Q = { query: 'Which drink do I prefer now, tea or coffee?', options: ['green tea', 'coffee', 'juice', 'water'] as [string, string, string, string] };

describe('baselines', () => {
  it('RAG keeps the turns sharing the most content words with the question, in conversation order', () => {
    expect(lexicalTopK(H, Q, 2).map((t) => t.index)).toEqual([0, 2]);
    expect(lexicalTopK(H, Q, 1).map((t) => t.index)).toEqual([2]);
  });
  it('no-memory gives nothing; truncated history keeps the latest turns within the budget', () => {
    const words = (s: string) => s.split(' ').length;
    expect(baselineMemory('no-memory', H, Q, { budget: 100, topK: 5, countTokens: words })).toEqual([]);
    expect(baselineMemory('truncated-history', H, Q, { budget: 9, topK: 5, countTokens: words })).toEqual(['user: I switched from tea to coffee.', 'user: Bye!']);
  });
});

describe('evaluation on the fixture model (wasm)', { timeout: 120_000 }, () => {
  let engine: Engine;
  let codec: PromptCodec;
  beforeAll(async () => {
    ({ engine, codec } = await fixtureModel('wasm'));
  });
  afterAll(() => engine.dispose());

  it('reports accuracy overall and per type over the validation split, reproducibly', async () => {
    const world = tinyWorld();
    const o = { split: 'val' as const, temperature: 0, maxTokens: 3, maxPromptTokens: 120, seed: 1, limit: 4 };
    const team = await evaluateTeam(engine, codec, world, { extractor: null, profiler: null, retriever: null }, SHORT_PROMPTS, o);
    expect(team.questions).toBe(Math.min(4, world.split.val.length));
    expect(Object.values(team.byType).reduce((a, t) => a + t.questions, 0)).toBe(team.questions);
    expect(team.accuracy).toBe(team.correct / team.questions);
    const template = { agent: 'retriever', slots: ['memory', 'profile', 'question', 'options'], text: SHORT_PROMPTS.retriever };
    const rag = await evaluateBaseline(engine, codec, world, 'rag', template, o);
    expect(rag.system).toBe('rag');
    expect(await evaluateBaseline(engine, codec, world, 'rag', template, o)).toEqual(rag);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Turn } from '../../env/types';
import type { Engine } from '../../model/engine';
import type { PromptCodec } from '../codec';
import { fixtureModel, SHORT_PROMPTS, tinyWorld } from '../../run/training/testkit';
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

  it('answers each question `samples` times and reports the mean over the answers', async () => {
    const world = tinyWorld();
    const o = { split: 'val' as const, temperature: 0, maxTokens: 3, maxPromptTokens: 120, seed: 1, limit: 3 };
    const none = { extractor: null, profiler: null, retriever: null };
    const once = await evaluateTeam(engine, codec, world, none, SHORT_PROMPTS, o);
    const thrice = await evaluateTeam(engine, codec, world, none, SHORT_PROMPTS, { ...o, samples: 3 });
    // Greedy answers repeat: three of each, the same accuracy, the same questions per type.
    expect(thrice).toMatchObject({ questions: once.questions, correct: 3 * once.correct, accuracy: once.accuracy, samples: 3 });
    expect(Object.fromEntries(Object.entries(thrice.byType).map(([k, t]) => [k, t.questions]))).toEqual(Object.fromEntries(Object.entries(once.byType).map(([k, t]) => [k, t.questions])));
    const progress: number[] = [];
    const sampled = await evaluateTeam(engine, codec, world, none, SHORT_PROMPTS, { ...o, temperature: 1, samples: 4, batch: 2, onProgress: (done) => progress.push(done) });
    expect(sampled.accuracy).toBe(sampled.correct / (4 * sampled.questions));
    expect(progress.at(-1)).toBe(sampled.questions);
    await expect(evaluateTeam(engine, codec, world, none, SHORT_PROMPTS, { ...o, samples: 0 })).rejects.toThrow(/samples must be a whole number/);
  });

  it('runs on the evidence session or the full history, and reports the evidence recall of the memory the Retriever read', async () => {
    const world = tinyWorld();
    const o = { split: 'val' as const, temperature: 0, maxTokens: 3, maxPromptTokens: 400, seed: 1, limit: 3 };
    const template = { agent: 'retriever', slots: ['memory', 'profile', 'question', 'options'], text: SHORT_PROMPTS.retriever };
    // The truncated-history baseline hands over the last turns; on the evidence session a 4000-token budget keeps all of them.
    const evidence = await evaluateBaseline(engine, codec, world, 'truncated-history', template, { ...o, history: 'evidence' }, { budget: 4000 });
    expect(evidence.history).toBe('evidence');
    expect(evidence.evidenceQuestions).toBe(3);
    const full = await evaluateBaseline(engine, codec, world, 'truncated-history', template, o, { budget: 4000 });
    expect(full.history).toBe('full');
    const none = await evaluateBaseline(engine, codec, world, 'no-memory', template, o);
    expect(none.evidenceRecall).toBe(0);
    // The Retriever prompt keeps what fits the fixture's 512 positions, so the recall is of what was kept, not of H.
    expect(evidence.evidenceRecall).toBeGreaterThan(0);
    const team = await evaluateTeam(engine, codec, world, { extractor: null, profiler: null, retriever: null }, SHORT_PROMPTS, { ...o, chunks: { chunkTokens: 60, memoryTokens: 40 } });
    expect(team.extractorCalls).toBeGreaterThan(1);
    expect(team.evidenceRecall).toBeGreaterThanOrEqual(0);
  });
});

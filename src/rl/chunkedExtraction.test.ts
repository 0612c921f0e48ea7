import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PerAgent } from '../agents/names';
import type { PromptTemplate } from '../agents/template';
import type { Turn } from '../env/types';
import type { Engine } from '../model/engine';
import { Rng } from '../model/rng';
import { fixtureFiles, loadFixture } from '../model/testing/fixtures';
import { loadTokenizer } from '../model/tokenizer';
import { checkChunkFit, chunkHistories, extractInChunks, type CallChunks } from './chunkedExtraction';
import { tokenizerCodec, type PromptCodec } from './codec';
import { RolloutInputError } from './errors';
import { sampleTeam, type RolloutItem, type TeamAgents } from './rollout';

const TEMPLATES: PerAgent<PromptTemplate> = {
  extractor: { agent: 'extractor', slots: ['history'], text: 'H:\n{{history}}\nM:' },
  profiler: { agent: 'profiler', slots: ['memory'], text: 'M:\n{{memory}}\nP:' },
  retriever: { agent: 'retriever', slots: ['memory', 'profile', 'question', 'options'], text: '{{memory}}|{{profile}}|{{question}}|{{options}}\nA:' },
};

const turn = (index: number, role: Turn['role'], content: string): Turn => ({ id: `c:${index}`, index, role, content, session: 0 });

/** The evidence sits in the first turns; forty exchanges of chit-chat follow, so it is only in chunk 1. */
const EVIDENCE = 'my job is nurse at the city hospital';
const HISTORY: Turn[] = [
  turn(0, 'user', EVIDENCE),
  turn(1, 'assistant', 'that sounds demanding'),
  ...Array.from({ length: 40 }, (_, i) => [turn(2 + 2 * i, 'user', `today i saw film ${i} with a friend`), turn(3 + 2 * i, 'assistant', `nice, film ${i}`)]).flat(),
];

/**
 * A scripted Extractor that rewrites its memory as a careful one would: the memory it was given first,
 * then the chunk's user turns. Under a cap that the user turns of H overflow, early evidence survives
 * only if memory is carried and the cap keeps what was written first.
 */
const copyForward: CallChunks = (calls) =>
  Promise.resolve(
    calls.map((c) => {
      const lines = c.prompt.split('\n');
      const kept = [...lines.filter((l) => l.startsWith('memory: ')).map((l) => l.slice('memory: '.length)), ...lines.filter((l) => l.startsWith('user: ')).map((l) => l.slice('user: '.length))];
      return { adapter: 'ex', text: kept.map((l) => `- ${l}`).join('\n'), completionIds: [1], logprobs: [0], finish: 'stop' as const };
    }),
  );

describe('chunked extraction', () => {
  let codec: PromptCodec;
  const count = (t: string) => codec.encodeText(t).length;
  beforeAll(async () => {
    codec = tokenizerCodec(await loadTokenizer(fixtureFiles('tiny-llama-f32')));
  });

  it('evidence stated only in the first chunk is still in the final M_f, and no chunk or memory passes its cap', async () => {
    const s = { chunkTokens: 120, memoryTokens: 80 };
    const chunks = chunkHistories([HISTORY], codec, s.chunkTokens);
    expect(chunks[0].length).toBeGreaterThanOrEqual(4);
    // The fixture forces it: only the first chunk shows the evidence, and the user turns of H overflow the memory cap.
    expect(chunks[0].flatMap((c, k) => (c.lines.some((l) => l.includes(EVIDENCE)) ? [k] : []))).toEqual([0]);
    expect(count(HISTORY.filter((t) => t.role === 'user').map((t) => `memory: ${t.content}`).join('\n'))).toBeGreaterThan(s.memoryTokens);
    const [row] = await extractInChunks(TEMPLATES.extractor, chunks, [0], codec, s, 512, copyForward);
    expect(row).toHaveLength(chunks[0].length);
    expect(row[row.length - 1].memory).toContain(EVIDENCE);
    expect(row.some((c) => c.dropped > 0)).toBe(true);
    row.forEach((c, k) => {
      expect(c.index).toBe(k);
      expect(c.inputTokens).toBeLessThanOrEqual(s.chunkTokens);
      expect(c.memoryTokens).toBeLessThanOrEqual(s.memoryTokens);
      expect(c.memoryInTokens).toBe(k === 0 ? 0 : row[k - 1].memoryTokens);
      // Each call reads the memory the previous one wrote.
      if (k > 0) for (const l of row[k - 1].memory) expect(c.sample.prompt).toContain(`memory: ${l}`);
    });
  });

  it('calls every row that has chunk c in one batch, rows with fewer chunks dropping out', async () => {
    const short = HISTORY.slice(0, 2);
    const chunks = chunkHistories([HISTORY, short], codec, 120);
    expect(chunks[1]).toHaveLength(1);
    const batches: number[] = [];
    const rows = await extractInChunks(TEMPLATES.extractor, chunks, [0, 1, 0], codec, { chunkTokens: 120, memoryTokens: 80 }, 512, (calls, c, n) => {
      batches.push(calls.length);
      expect(n).toBe(chunks[0].length);
      expect(c).toBe(batches.length - 1);
      return copyForward(calls, c, n);
    });
    expect(batches).toEqual([3, ...Array<number>(chunks[0].length - 1).fill(2)]);
    expect(rows.map((r) => r.length)).toEqual([chunks[0].length, 1, chunks[0].length]);
  });

  it('refuses a chunk and memory that cannot fit the prompt, naming the settings', () => {
    expect(() => checkChunkFit(TEMPLATES.extractor, codec, { chunkTokens: 400, memoryTokens: 200 }, 500)).toThrow(/Lower chunk_tokens or memory_tokens/);
    expect(() => checkChunkFit(TEMPLATES.extractor, codec, { chunkTokens: 0, memoryTokens: 20 }, 500)).toThrow(RolloutInputError);
    expect(() => chunkHistories([HISTORY], codec, 3)).toThrow(RolloutInputError);
  });

  // A hang guard, not a speed check: "the same seed gives the same chunks" samples the team twice on tfjs's plain
  // cpu backend; it took 60.9 s in a quiet CI run on this 2-core machine (2026-12-05, a slow day: the unit suite
  // took 1494 s against 901 s two days before) and 84.5 s with two benchmarks beside it, past the 60 s default.
  describe('in the team rollout on the tiny-llama fixture (cpu)', { timeout: 300_000 }, () => {
    let engine: Engine;
    let agents: TeamAgents;
    const item: RolloutItem = { history: HISTORY.slice(0, 24), question: { query: 'What is my job?', options: ['nurse', 'pilot', 'chef', 'farmer'] } };
    const settings = { groupSize: 2, temperature: 1, topP: 1, maxTokens: 12, chunks: { chunkTokens: 150, memoryTokens: 40 } };
    beforeAll(async () => {
      engine = await loadFixture('tiny-llama-f32', 'cpu');
      engine.createAdapter('ex', { rank: 4, alpha: 8, targets: ['q_proj', 'v_proj'] }, 1);
      agents = { templates: TEMPLATES, adapters: { extractor: 'ex', profiler: null, retriever: null } };
    });
    afterAll(() => engine.dispose());

    it('the same seed gives the same chunks (prompts, ids, memory); every chunk within chunk_tokens, every memory within its cap', async () => {
      const run = async (seed: number) => (await sampleTeam(engine, codec, agents, [item], settings, new Rng(seed)))[0];
      const a = await run(5);
      const b = await run(5);
      const view = (g: typeof a) => g.map((t) => t.extractorChunks?.map((c) => ({ p: c.sample.promptIds, ids: c.sample.completionIds, m: c.memory })));
      expect(view(b)).toEqual(view(a));
      for (const t of a) {
        const cs = t.extractorChunks ?? [];
        expect(cs.length).toBe(chunkHistories([item.history], codec, 150)[0].length);
        expect(cs.length).toBeGreaterThan(2);
        for (const c of cs) {
          expect(c.inputTokens).toBeLessThanOrEqual(150);
          expect(c.memoryTokens).toBeLessThanOrEqual(40);
          expect(c.sample.promptIds.length + settings.maxTokens).toBeLessThanOrEqual(engine.config.maxPositionEmbeddings);
          expect(c.sample.logprobs).toHaveLength(c.sample.completionIds.length);
        }
        expect(t.agents.extractor).toBe(cs[cs.length - 1].sample);
        expect(t.parsed.extractor).toEqual(cs[cs.length - 1].memory);
        expect(t.historyTurns).toBe(item.history.length);
      }
    });

    it('a history that fits in one chunk samples exactly what the unchunked rollout does', async () => {
      // A memory cap the completions cannot reach (12 tokens as at most 12 lines of "memory: …"), so M_f is the parse as without chunking.
      const small: RolloutItem = { ...item, history: HISTORY.slice(0, 6) };
      const off = (await sampleTeam(engine, codec, agents, [small], { ...settings, chunks: undefined }, new Rng(9)))[0];
      const on = (await sampleTeam(engine, codec, agents, [small], { ...settings, chunks: { chunkTokens: 300, memoryTokens: 150 } }, new Rng(9)))[0];
      expect(on.map((t) => t.extractorChunks?.length)).toEqual([1, 1]);
      for (const n of ['extractor', 'profiler', 'retriever'] as const) {
        expect(on.map((t) => [t.agents[n].promptIds, t.agents[n].completionIds, t.agents[n].logprobs])).toEqual(off.map((t) => [t.agents[n].promptIds, t.agents[n].completionIds, t.agents[n].logprobs]));
      }
    });
  });
});

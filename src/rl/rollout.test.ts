import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PerAgent } from '../agents/names';
import type { PromptTemplate } from '../agents/template';
import type { Turn } from '../env/types';
import type { Engine } from '../model/engine';
import { Rng } from '../model/rng';
import { fixtureFiles, loadFixture } from '../model/testing/fixtures';
import { loadTokenizer } from '../model/tokenizer';
import { tokenizerCodec, type PromptCodec } from './codec';
import { RolloutInputError } from './errors';
import { completionLogprobs, extractorPrompt, fitPrompt, renderMemory, sampleGroup, sampleTeam, type RolloutItem, type RolloutProgress, type TeamAgents } from './rollout';

// Short templates with the real slots keep the fixture model's prompts small.
const TEMPLATES: PerAgent<PromptTemplate> = {
  extractor: { agent: 'extractor', slots: ['history'], text: 'H:\n{{history}}\nM:' },
  profiler: { agent: 'profiler', slots: ['memory'], text: 'M:\n{{memory}}\nP:' },
  retriever: { agent: 'retriever', slots: ['memory', 'profile', 'question', 'options'], text: '{{memory}}|{{profile}}|{{question}}|{{options}}\nA:' },
};

const turn = (index: number, content: string): Turn => ({ id: `c:${index}`, index, role: index % 2 === 0 ? 'user' : 'assistant', content, session: 0 });
const HISTORY = [turn(0, 'I like green tea.'), turn(1, 'Noted.'), turn(2, 'I moved to Oslo last year.'), turn(3, 'Nice city.')];
const ITEM: RolloutItem = { history: HISTORY, question: { query: 'What should I drink?', options: ['tea', 'coffee', 'water', 'juice'] } };
const SETTINGS = { groupSize: 3, temperature: 1, topP: 1, maxTokens: 6 };

describe('team rollout on the tiny-llama fixture (cpu)', () => {
  let engine: Engine;
  let codec: PromptCodec;
  let agents: TeamAgents;
  beforeAll(async () => {
    engine = await loadFixture('tiny-llama-f32', 'cpu');
    codec = tokenizerCodec(await loadTokenizer(fixtureFiles('tiny-llama-f32')));
    engine.createAdapter('ex', { rank: 4, alpha: 8, targets: ['q_proj', 'v_proj'] }, 1);
    await engine.loadAdapter('pr', fixtureFiles('tiny-llama-f32', 'adapter'));
    engine.createAdapter('re', { rank: 4, alpha: 8, targets: ['q_proj', 'v_proj'] }, 3);
    agents = { templates: TEMPLATES, adapters: { extractor: 'ex', profiler: 'pr', retriever: 're' } };
  });
  afterAll(() => engine.dispose());

  it('samples G trajectories with texts, ids, parsed outputs and one finite log-prob per completion token', async () => {
    const group = await sampleGroup(engine, codec, agents, ITEM, SETTINGS, new Rng(7));
    expect(group).toHaveLength(3);
    group.forEach((t, g) => {
      expect(t.index).toBe(g);
      expect(t.historyTurns).toBe(HISTORY.length);
      for (const a of ['extractor', 'profiler', 'retriever'] as const) {
        const s = t.agents[a];
        expect(s.completionIds.length).toBeGreaterThan(0);
        expect(s.completionIds.length).toBeLessThanOrEqual(6);
        expect(s.logprobs).toHaveLength(s.completionIds.length);
        for (const lp of s.logprobs) expect(Number.isFinite(lp) && lp <= 0).toBe(true);
        expect(s.text).toBe(codec.decode(s.completionIds));
      }
      expect(t.agents.extractor.prompt).toContain('user: I like green tea.');
      expect(t.agents.retriever.prompt).toContain('(b) coffee');
      expect(t.agents.profiler.adapter).toBe('pr');
    });
    expect(engine.activeAdapter).toBeNull();
  });

  it('is reproducible from the seed and differs across seeds', async () => {
    const ids = async (seed: number) =>
      (await sampleTeam(engine, codec, agents, [ITEM, ITEM], { ...SETTINGS, groupSize: 2, maxTokens: 4, logprobs: false }, new Rng(seed))).flat().map((t) => [t.agents.extractor.completionIds, t.agents.retriever.completionIds]);
    const a = await ids(11);
    expect(await ids(11)).toEqual(a);
    expect(await ids(12)).not.toEqual(a);
  });

  it('old log-probs equal an unpadded single-sequence forward under the agent adapter, and differ under the base', async () => {
    const [t] = await sampleGroup(engine, codec, agents, ITEM, { ...SETTINGS, groupSize: 1 }, new Rng(3));
    const s = t.agents.profiler;
    engine.setActiveAdapter('pr');
    const [own] = await completionLogprobs(engine, [s], 1);
    engine.setActiveAdapter(null);
    const [base] = await completionLogprobs(engine, [s], 1);
    s.logprobs.forEach((lp, j) => expect(Math.abs(lp - own[j])).toBeLessThan(1e-4));
    expect(Math.max(...s.logprobs.map((lp, j) => Math.abs(lp - base[j])))).toBeGreaterThan(1e-4);
  });

  it('log-probs read off the sampling pass equal the forward pass\'s (every agent, a left-padded batch, temperature 0.7, top-p 0.9), with the same tokens', async () => {
    const two: RolloutItem = { ...ITEM, history: HISTORY.slice(0, 2) };
    const settings = { ...SETTINGS, groupSize: 2, temperature: 0.7, topP: 0.9, maxTokens: 8 };
    const forward = (await sampleTeam(engine, codec, agents, [ITEM, two], settings, new Rng(5))).flat();
    const sampling = (await sampleTeam(engine, codec, agents, [ITEM, two], { ...settings, logprobSource: 'sampling' }, new Rng(5))).flat();
    let compared = 0;
    forward.forEach((t, i) => {
      for (const a of ['extractor', 'profiler', 'retriever'] as const) {
        const [f, s] = [t.agents[a], sampling[i].agents[a]];
        expect(s.completionIds).toEqual(f.completionIds);
        expect(s.logprobs).toHaveLength(f.logprobs.length);
        s.logprobs.forEach((lp, j) => expect(Math.abs(lp - (f.logprobs[j] ?? Number.NaN))).toBeLessThan(1e-4));
        compared += s.logprobs.length;
      }
    });
    expect(compared).toBeGreaterThan(20);
  });

  it('padding does not change log-probs: a batch of unequal rows equals each row alone', async () => {
    const rows = [
      { promptIds: [5, 6, 7, 8, 9], completionIds: [10, 11] },
      { promptIds: [5, 6], completionIds: [12, 13, 14, 15] },
    ];
    const together = await completionLogprobs(engine, rows, 0.7);
    const alone = [(await completionLogprobs(engine, [rows[0]], 0.7))[0], (await completionLogprobs(engine, [rows[1]], 0.7))[0]];
    together.flat().forEach((x, i) => expect(Math.abs(x - alone.flat()[i])).toBeLessThan(1e-4));
  });

  it('reports progress for every agent of every trajectory, in pipeline order', async () => {
    const events: RolloutProgress[] = [];
    await sampleGroup(engine, codec, agents, ITEM, { ...SETTINGS, logprobs: false }, new Rng(1), (p) => events.push(p));
    const finished = events.filter((e) => e.token === undefined);
    expect(finished).toHaveLength(9);
    expect(finished.map((e) => e.done)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(finished[4].label).toBe('sampling agent 2 of 3 for trajectory 2 of 3');
    expect(events.every((e) => e.total === 9)).toBe(true);
    // Before each agent's batch: the prefill, then one event per decoded token, with the completions done so far.
    const decoding = events.filter((e) => e.token !== undefined);
    expect(decoding.filter((e) => e.token === 0).map((e) => [e.agentIndex, e.done, e.label])).toEqual([
      [1, 0, 'sampling agent 1 of 3 for trajectory 1–3 of 3: prefill'],
      [2, 3, 'sampling agent 2 of 3 for trajectory 1–3 of 3: prefill'],
      [3, 6, 'sampling agent 3 of 3 for trajectory 1–3 of 3: prefill'],
    ]);
    const first = decoding.filter((e) => e.agentIndex === 1).map((e) => e.token);
    expect(first).toEqual(Array.from({ length: first.length }, (_, i) => i));
    expect(first.length - 1).toBeLessThanOrEqual(SETTINGS.maxTokens);
    expect(decoding[1].label).toBe(`sampling agent 1 of 3 for trajectory 1–3 of 3: token 1 of ${SETTINGS.maxTokens}`);
  });

  it('drops the oldest turns to fit maxPromptTokens, and names the error when nothing fits', () => {
    const full = extractorPrompt(TEMPLATES.extractor, HISTORY, codec);
    const cut = extractorPrompt(TEMPLATES.extractor, HISTORY, codec, full.ids.length - 1);
    expect(cut.turns).toBeLessThan(HISTORY.length);
    expect(cut.ids.length).toBeLessThanOrEqual(full.ids.length - 1);
    expect(cut.prompt).toContain('Nice city.');
    expect(() => extractorPrompt(TEMPLATES.extractor, HISTORY, codec, 2)).toThrow(RolloutInputError);
  });

  it('keeps the most recent memory lines that fit a Profiler or Retriever prompt', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i} about tea and Oslo`);
    const render = (keep: number) => `M:\n${renderMemory(lines.slice(lines.length - keep))}\nP:`;
    const all = fitPrompt('profiler', lines.length, render, codec);
    const cut = fitPrompt('profiler', lines.length, render, codec, 60);
    expect(all.kept).toBe(40);
    expect(cut.kept).toBeGreaterThan(0);
    expect(cut.kept).toBeLessThan(40);
    expect(cut.ids.length).toBeLessThanOrEqual(60);
    expect(cut.prompt).toContain('line 39 about');
    expect(cut.prompt).not.toContain('line 0 about');
    expect(() => fitPrompt('retriever', lines.length, render, codec, 3)).toThrow(/retriever prompt is \d+ tokens even with no memory lines/);
  });

  it('with no maxPromptTokens a history far past the model positions is cut to fit (no ContextLengthError)', async () => {
    const long = Array.from({ length: 400 }, (_, i) => turn(i, `Turn ${i}: I keep notes about tea, Oslo and long walks.`));
    const [[t]] = await sampleTeam(engine, codec, agents, [{ ...ITEM, history: long }], { ...SETTINGS, groupSize: 1, maxTokens: 8 }, new Rng(2));
    expect(t.historyTurns).toBeLessThan(long.length);
    expect(t.agents.extractor.promptIds.length + 8).toBeLessThanOrEqual(engine.config.maxPositionEmbeddings);
  });

  it('refuses empty items and a bad group size with named errors', async () => {
    await expect(sampleTeam(engine, codec, agents, [], SETTINGS, new Rng(1))).rejects.toThrow(/no \(H, q\) items/);
    await expect(sampleTeam(engine, codec, agents, [ITEM], { ...SETTINGS, groupSize: 0 }, new Rng(1))).rejects.toThrow(RolloutInputError);
  });
});

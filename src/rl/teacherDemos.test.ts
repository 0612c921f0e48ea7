// Teacher demonstrations: chained extractor → profiler → retriever, and cut to fit the model the way the
// rollout cuts prompts (the oldest memory lines go first) only when a fit test is given.
import { describe, expect, it } from 'vitest';
import { perAgent } from '../agents/names';
import { AGENTS } from '../agents/registry';
import { generateWorld } from '../env/generator';
import { WORLD_PRESETS } from '../env/worldConfig';
import { Rng } from '../model/rng';
import { templatesWithText } from './rollout';
import { teacherDemos } from './teacherDemos';
import { extractorText, teachExtractor } from '../agents/teachers';

const world = generateWorld({ ...WORLD_PRESETS.tiny, seed: 11 });
const templates = templatesWithText(perAgent((n) => AGENTS[n].prompt));
const items = world.questions.slice(0, 4).map((q) => ({ history: world.contexts.find((c) => c.id === q.contextId)?.turns ?? [], question: q }));

describe('teacherDemos', () => {
  it('without a fit test keeps every memory line (the lab model corpus relies on it)', () => {
    const all = teacherDemos(items, templates, new Rng(3));
    const always = teacherDemos(items, templates, new Rng(3), () => true);
    expect(always).toEqual(all);
    expect(all.map((d) => d.agent)).toEqual(items.flatMap(() => ['extractor', 'profiler', 'retriever']));
  });

  it('the varied profiler teacher draws after the other teachers, so the fixed one (every committed model) writes what it wrote before', () => {
    const faithful = { extractor: 'statements', retrieverOrder: 'best-first' } as const;
    const before = teacherDemos(items, templates, new Rng(3), undefined, 'text', faithful);
    expect(teacherDemos(items, templates, new Rng(3), undefined, 'text', { ...faithful, profiler: 'fixed' })).toEqual(before);
    // The fixed teacher draws nothing: per item the Extractor teacher's draws and one tie-break, as before the varied one existed.
    const replay = new Rng(3);
    const memories = items.map(({ history }) => {
      const memory = teachExtractor(history, replay, faithful.extractor);
      replay.next();
      return extractorText(memory);
    });
    expect(before.filter((d) => d.agent === 'extractor').map((d) => d.completion)).toEqual(memories);
    const varied = teacherDemos(items, templates, new Rng(3), undefined, 'text', { ...faithful, profiler: 'varied' });
    // The first item's Extractor demonstration draws first; the profiles differ somewhere, and each
    // Retriever prompt holds its own item's profile.
    expect(varied[0]).toEqual(before[0]);
    const profiles = (ds: typeof before) => ds.filter((d) => d.agent === 'profiler').map((d) => d.completion);
    expect(profiles(varied)).not.toEqual(profiles(before));
    varied.forEach((d, i) => {
      if (d.agent !== 'retriever') return;
      const profile = varied[i - 1].completion.replace(/^<profile>\n|\n<\/profile>$/g, '');
      expect(d.prompt).toContain(profile);
    });
  });

  it('with a fit test drops the oldest memory lines until prompt + completion fit, possibly all of them', () => {
    const all = teacherDemos(items, templates, new Rng(3));
    const limit = 900;
    const cut = teacherDemos(items, templates, new Rng(3), (_agent, prompt, completion) => prompt.length + completion.length <= limit);
    expect(cut.filter((d) => d.agent === 'extractor')).toEqual(all.filter((d) => d.agent === 'extractor'));
    let shortened = 0;
    cut.forEach((d, i) => {
      if (d.agent === 'extractor') return;
      const full = all[i];
      if (full.prompt.length + full.completion.length <= limit) expect(d).toEqual(full);
      else {
        shortened += 1;
        expect(d.prompt.length).toBeLessThan(full.prompt.length);
      }
    });
    expect(shortened).toBeGreaterThan(0);
    const none = teacherDemos(items, templates, new Rng(3), () => false);
    for (const d of none.filter((x) => x.agent === 'profiler')) expect(d.prompt).not.toMatch(/\n- /);
  });
});

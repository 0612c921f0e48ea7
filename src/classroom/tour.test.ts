import { describe, expect, it } from 'vitest';
import { ndcg, softmaxWeights } from '../rl/credit';
import type { TrajectoryRow } from '../run/records';
import { buildTour, EXAMPLE_GROUP, tourGroupFromRows } from './tour';

describe('the guided tour', () => {
  it('walks MDP, local rewards, NDCG, weights and GRPO with the group’s computed numbers', () => {
    const steps = buildTour(EXAMPLE_GROUP);
    expect(steps.map((s) => s.id)).toEqual(['mdp', 'local', 'ndcg', 'weights', 'grpo']);
    const v = {
      extractor: ndcg(EXAMPLE_GROUP.local.extractor, EXAMPLE_GROUP.global),
      profiler: ndcg(EXAMPLE_GROUP.local.profiler, EXAMPLE_GROUP.global),
      retriever: ndcg(EXAMPLE_GROUP.local.retriever, EXAMPLE_GROUP.global),
    };
    expect(v.retriever).toBe(1);
    expect(v.extractor).toBeLessThan(1);
    const ndcgRows = steps[2]?.table?.rows ?? [];
    expect(ndcgRows.map((r) => r.at(-1))).toEqual([v.extractor.toFixed(3), v.profiler.toFixed(3), '1.000', '']);
    expect(ndcgRows[3]?.slice(1, 5)).toEqual(['1', '3', '2', '4']);
    const w = softmaxWeights(v);
    const weightRows = steps[3]?.table?.rows ?? [];
    expect(weightRows.map((r) => r[1])).toEqual([w.extractor.toFixed(3), w.profiler.toFixed(3), w.retriever.toFixed(3)]);
    expect(Number(weightRows[2]?.[2])).toBeCloseTo(0.9 + w.retriever, 3);
    const adv = (steps[4]?.table?.rows ?? []).map((r) => r.slice(1, 5).map(Number));
    for (const a of adv) expect(a.reduce((x, y) => x + y, 0)).toBeCloseTo(0, 2);
    expect(steps[0]?.paragraphs.join(' ')).toContain('G = 4');
  });

  it('a local-only tour gives every agent weight 0', () => {
    const rows = buildTour(EXAMPLE_GROUP, { mode: 'local', creditTemperature: 1, scale: 'group', ties: 'average' })[3]?.table?.rows ?? [];
    expect(rows.map((r) => r[1])).toEqual(['0.000', '0.000', '0.000']);
  });

  it('shows an agent whose local rewards are all equal as "no signal" with its weight, not as an NDCG', () => {
    // The Profiler's rewards are all 0.4 and trajectory 1 answered right: "index" ties used to score it 1.000.
    const flat = { ...EXAMPLE_GROUP, local: { ...EXAMPLE_GROUP.local, profiler: [0.4, 0.4, 0.4, 0.4] }, global: [1, 0, 0, 0] };
    for (const ties of ['index', 'average'] as const) {
      const steps = buildTour(flat, { mode: 'adaptive', creditTemperature: 1, scale: 'group', ties });
      const w = steps[3]?.table?.rows[1]?.[1];
      expect(steps[2]?.table?.rows[1]?.at(-1)).toBe(`no signal (w ${w})`);
      expect(steps[2]?.table?.rows[0]?.at(-1)).toMatch(/^\d\.\d{3}$/);
      expect(steps[2]?.paragraphs.join(' ')).toMatch(/No signal: the Profiler’s local rewards are all equal/);
      expect(steps[3]?.table?.rows.map((r) => r[0])).toEqual(['Extractor', 'Profiler (no signal)', 'Retriever']);
    }
    // NaN-aware: all undefined is no signal too; the example group has signal everywhere.
    const undef = buildTour({ ...flat, local: { ...flat.local, retriever: [Number.NaN, Number.NaN, Number.NaN, Number.NaN] } });
    expect(undef[2]?.table?.rows[2]?.at(-1)).toMatch(/^no signal/);
    expect(buildTour(EXAMPLE_GROUP)[2]?.paragraphs.join(' ')).not.toContain('No signal');
  });

  it('takes the most instructive stored group (newest among equals), in trajectory order, with its outputs', () => {
    const row = (step: number, group: number, trajectory: number, g: number, extractor = trajectory / 10): TrajectoryRow =>
      ({
        step, group, trajectory, question_id: 'q7', persona_id: 'p', question_type: 'suggest_new_ideas',
        local: { extractor, profiler: 0.5, retriever: 0.2 }, global: g,
        outputs: { extractor: `mem ${trajectory}`, profiler: 'prof', retriever: 'ans' },
      }) as TrajectoryRow;
    // Step 3's only group has every global reward 0: no lesson. Step 2's group 1 and step 1 have one; step 2 is newer.
    const rows = [row(1, 0, 0, 1), row(1, 0, 1, 0), row(2, 1, 0, 0), row(2, 1, 1, 1), row(2, 0, 0, 0), row(2, 0, 1, 0), row(3, 0, 0, 0), row(3, 0, 1, 0)];
    const group = tourGroupFromRows(rows, 'run-9');
    expect(group?.global).toEqual([0, 1]);
    expect(group?.local.extractor).toEqual([0, 0.1]);
    expect(group?.outputs?.map((o) => o.extractor)).toEqual(['mem 0', 'mem 1']);
    expect(group?.source).toContain('run run-9, step 2, group 1 (suggest new ideas');
    expect(group?.instructive).toBe(true);
    expect(group?.note).toBeUndefined();
    expect(tourGroupFromRows([], 'x')).toBeUndefined();
    expect(buildTour(group ?? EXAMPLE_GROUP)[0]?.table?.rows[1]?.[1]).toBe('mem 1');
  });

  it('says so when no group of the run has both right and wrong answers yet', () => {
    const row = (step: number, trajectory: number) =>
      ({ step, group: 0, trajectory, question_id: 'q', persona_id: 'p', question_type: 'recall_user_shared_facts', local: { extractor: trajectory, profiler: 0, retriever: 0 }, global: 0, outputs: { extractor: '', profiler: '', retriever: '' } }) as TrajectoryRow;
    const group = tourGroupFromRows([row(1, 0), row(1, 1), row(2, 0), row(2, 1)], 'run-0');
    expect(group?.instructive).toBe(false);
    expect(group?.source).toContain('step 2, group 0');
    expect(group?.note).toContain('No group of run run-0 has both right and wrong answers yet (here every global reward is 0)');
    expect(buildTour(group ?? EXAMPLE_GROUP)[0]?.paragraphs.join(' ')).toContain('No group of run run-0 has both right and wrong answers yet');
  });
});

import { describe, expect, it } from 'vitest';
import { defaultSetup } from '../run/setup';
import { aggregate, spread, typesOf } from './aggregate';
import { ExperimentSpecError } from './errors';
import { PAPER_ABLATIONS, paperFor } from './paper';
import { experimentStatus, parseSeeds, planExperiment, type ExperimentSpec } from './plan';
import { EXPERIMENT_PRESETS } from './presets';
import { resultsToCsv, resultsToMarkdown, formatSpread } from './table';
import { validateWorldConfig } from '../env/worldConfig';

const base = { ...defaultSetup(), steps: 2 };
const spec = (over: Partial<ExperimentSpec> = {}): ExperimentSpec => ({ name: 'cmp', base, modes: ['adaptive', 'independent'], seeds: [1, 2], evalLimit: 4, ...over });

describe('planning', () => {
  it('plans one run per seed and mode, seed by seed, each the base with its mode and seed', () => {
    const rec = planExperiment(spec(), 'exp-1', 10);
    expect(rec.runs.map((r) => r.key)).toEqual(['adaptive/seed-1', 'independent/seed-1', 'adaptive/seed-2', 'independent/seed-2']);
    expect(rec.runs.map((r) => [r.setup.rl.credit_mode, r.setup.seed])).toEqual([['adaptive', 1], ['independent', 1], ['adaptive', 2], ['independent', 2]]);
    expect(rec.runs.every((r) => r.setup.dataset === base.dataset && r.setup.steps === 2 && r.state === 'planned')).toBe(true);
    expect(base.rl.credit_mode).toBe('adaptive');
    expect(experimentStatus(rec)).toBe('planned');
  });

  it('refuses specs it cannot run, naming the field', () => {
    const field = (s: ExperimentSpec) => {
      try {
        planExperiment(s, 'x', 0);
      } catch (err) {
        expect(err).toBeInstanceOf(ExperimentSpecError);
        return (err as ExperimentSpecError).data.field;
      }
      return 'accepted';
    };
    expect(field(spec({ modes: [] }))).toBe('modes');
    expect(field(spec({ modes: ['adaptive', 'adaptive'] }))).toBe('modes');
    expect(field(spec({ seeds: [1, 1] }))).toBe('seeds');
    expect(field(spec({ base: { ...base, steps: 0 } }))).toBe('steps');
    expect(field(spec({ evalLimit: 0 }))).toBe('evalLimit');
    expect(field(spec({ name: '  ' }))).toBe('name');
    expect(field(spec({ base: { ...base, rl: { ...base.rl, num_generations: 1 } } }))).toBe('rl');
    // The whole base goes through the run's one validator (run/setup.ts), not its GRPO settings alone.
    expect(field(spec({ base: { ...base, lora: { ...base.lora, targets: ['qq_proj'] } } }))).toBe('lora');
    expect(field(spec({ base: { ...base, questionsPerStep: 0 } }))).toBe('questionsPerStep');
    expect(field(spec())).toBe('accepted');
  });

  it('parses seed lists and names a bad seed', () => {
    expect(parseSeeds(' 1, 2,3 ')).toEqual([1, 2, 3]);
    expect(() => parseSeeds('')).toThrow(/at least one seed/);
    expect(() => parseSeeds('1, x')).toThrow(/Seed "x"/);
    expect(() => parseSeeds('1.5')).toThrow(ExperimentSpecError);
  });

  it('the Joint vs independent preset plans adaptive vs independent on a valid tiny world', () => {
    const p = EXPERIMENT_PRESETS.find((x) => x.id === 'joint-vs-independent');
    expect(p?.modes).toEqual(['adaptive', 'independent']);
    const w = p?.world;
    expect(w && (() => validateWorldConfig({ seed: w.seed, personas: w.personas, sessionsPerPersona: w.sessionsPerPersona, turnsPerSession: w.turnsPerSession, distractorRatio: w.distractorRatio }))).not.toThrow();
    const rec = planExperiment(spec({ modes: p?.modes ?? [], seeds: p?.seeds ?? [], base: { ...base, steps: p?.steps ?? 0, dataset: p?.world ?? base.dataset } }), 'l', 0);
    expect(rec.runs).toHaveLength(4);
  });
});

describe('aggregation and tables', () => {
  it('spread is the mean and the sample sd; NaN where it does not exist', () => {
    expect(spread([0.5, 0.7]).mean).toBeCloseTo(0.6, 12);
    expect(spread([0.5, 0.7]).sd).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(spread([0.5]).sd).toBeNaN();
    expect(spread([]).mean).toBeNaN();
    expect(formatSpread(spread([0.5, 0.7]))).toBe('0.600 ± 0.141');
    expect(formatSpread(spread([0.5]))).toBe('0.500');
    expect(formatSpread(spread([]))).toBe('—');
  });

  const report = (accuracy: number, types: Record<string, number>) => ({
    system: 'team', split: 'val' as const, questions: 4, correct: 0, accuracy, formatOk: 1,
    byType: Object.fromEntries(Object.entries(types).map(([t, a]) => [t, { questions: 2, correct: 1, accuracy: a }])),
  });

  it('aggregates per mode over evaluated seeds only, per type where a seed has the type', () => {
    const rec = planExperiment(spec(), 'e', 0);
    const [a1, i1, a2, i2] = rec.runs;
    Object.assign(a1 ?? {}, { state: 'done', result: report(0.5, { x: 0.5, y: 1 }) });
    Object.assign(a2 ?? {}, { state: 'done', result: report(0.7, { x: 0.3 }) });
    Object.assign(i1 ?? {}, { state: 'done', result: report(0.25, { x: 0 }) });
    Object.assign(i2 ?? {}, { state: 'trained' });
    expect(typesOf(rec.runs)).toEqual(['x', 'y']);
    const [ad, ind] = aggregate(rec.runs, rec.spec.modes);
    expect(ad).toMatchObject({ mode: 'adaptive', seedsDone: 2, seedsPlanned: 2, questions: 4 });
    expect(ad?.overall.mean).toBeCloseTo(0.6, 12);
    expect(ad?.byType.x?.mean).toBeCloseTo(0.4, 12);
    expect(ad?.byType.y).toMatchObject({ n: 1, mean: 1 });
    expect(ind).toMatchObject({ mode: 'independent', seedsDone: 1, overall: { n: 1, mean: 0.25 } });
    expect(ind?.overall.sd).toBeNaN();
    expect(experimentStatus(rec)).toBe('incomplete');

    const table = { types: typesOf(rec.runs), rows: aggregate(rec.runs, rec.spec.modes) };
    const csv = resultsToCsv(table).trim().split('\n');
    expect(csv[0]).toBe('mode,label,seeds_done,seeds_planned,questions,accuracy_mean,accuracy_sd,x_mean,x_sd,y_mean,y_sd,paper_32k,paper_128k,paper_1m');
    const adRow = (csv[1] ?? '').split(',');
    expect(adRow.slice(0, 5)).toEqual(['adaptive', 'adaptive (CoMAM)', '2', '2', '4']);
    expect(Number(adRow[5])).toBeCloseTo(0.6, 12);
    expect(Number(adRow[6])).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(adRow.slice(-3)).toEqual(['0.64', '0.7', '0.66']);
    expect(csv[2]).toBe('independent,independent training,1,2,4,0.25,,0,,,,0.57,0.61,0.59');

    const mdText = resultsToMarkdown(table, 'Joint | independent');
    expect(mdText).toContain('## Joint \\| independent');
    expect(mdText).toContain('| adaptive (CoMAM) | 2/2 | 0.600 ± 0.141 | 0.400 ± 0.141 | 1.000 | 0.64 | 0.70 | 0.66 |');
    expect(mdText).toContain('| independent training | 1/2 | 0.250 | 0.000 | — | 0.57 | 0.61 | 0.59 |');
    expect(mdText).toContain('arXiv 2603.12631');
  });

  it('a question type that a spreadsheet would run as a formula is written as text', () => {
    const rec = planExperiment(spec({ modes: ['adaptive'], seeds: [1] }), 'e', 0);
    Object.assign(rec.runs[0] ?? {}, { state: 'done', result: report(0.5, { '=cmd()': 0.5, 'a,b': 1 }) });
    const head = resultsToCsv({ types: typesOf(rec.runs), rows: aggregate(rec.runs, ['adaptive']) }).split('\n')[0];
    expect(head).toContain(`'=cmd()_mean`);
    expect(head).toContain('"a,b_mean"');
  });

  it('quotes every ablation of METHOD.md, one row per compared mode plus no training', () => {
    expect(PAPER_ABLATIONS.map((p) => [p.label, p.k32, p.k128, p.m1])).toEqual([
      ['adaptive (CoMAM)', 0.64, 0.7, 0.66],
      ['local reward only', 0.57, 0.65, 0.61],
      ['global reward only', 0.6, 0.64, 0.6],
      ['equal share', 0.62, 0.65, 0.63],
      ['independent RL', 0.57, 0.61, 0.59],
      ['no training', 0.5, 0.46, 0.44],
    ]);
    expect(paperFor('equal')?.k32).toBe(0.62);
  });
});

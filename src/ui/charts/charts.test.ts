import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { metricsAt } from '../../store/run.testkit';
import { buildRows, CHARTS, columnsOf, ema, rawKey, thin } from './chartData';
import { CSV_COLUMNS, metricsToCsv } from './csv';

describe('metricsToCsv', () => {
  it('writes one row per step with every number at full precision, parseable back', () => {
    const a = { ...metricsAt(1), tokensPerSec: 1 / 3, skippedUpdates: ['profiler' as const, 'retriever' as const] };
    const b = { ...metricsAt(2), zeroSpreadFraction: NaN };
    const csv = metricsToCsv([a, b]);
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(CSV_COLUMNS.map(([n]) => n));
    expect(parsed.data.length).toBe(2);
    expect(Number(parsed.data[0].tokensPerSec)).toBe(1 / 3);
    expect(parsed.data[0]['local.profiler.min']).toBe(String(a.local.profiler.min));
    expect(parsed.data[0]['weights.extractor']).toBe('0.5');
    expect(parsed.data[0].skippedUpdates).toBe('profiler;retriever');
    expect(parsed.data[1].zeroSpreadFraction).toBe('NaN');
    expect(csv.split('\n')[0]).toMatch(/^step,local\.extractor\.mean,local\.extractor\.min,local\.extractor\.max,/);
  });
  it('is only the header for no steps', () => {
    expect(metricsToCsv([]).trim().split('\n').length).toBe(1);
  });
});

describe('chart data', () => {
  it('has a column for every series and band of every chart', () => {
    const cols = columnsOf(metricsAt(1));
    for (const c of CHARTS) for (const s of c.series) {
      expect(cols).toHaveProperty([s.key]);
      if (s.band) expect(cols[s.band]).toHaveLength(2);
    }
  });
  it('smooths with an EMA that skips non-finite values', () => {
    expect(ema([0, 1, 1], 0.5)).toEqual([0, 0.5, 0.75]);
    expect(ema([1, NaN, 3], 0)).toEqual([1, null, 3]);
  });
  it('thins evenly, keeping the ends', () => {
    expect(thin([1, 2, 3, 4, 5], 3)).toEqual([1, 3, 5]);
    expect(thin([1, 2], 3)).toEqual([1, 2]);
  });
  it('merges an overlay run under b. keys by step, smoothing lines but not bands', () => {
    const a = [metricsAt(1, 0), metricsAt(2, 1)];
    const b = [metricsAt(2, 0.5), metricsAt(3, 0.5)];
    const rows = buildRows(a, b, 0.5);
    expect(rows.map((r) => r.step)).toEqual([1, 2, 3]);
    expect(rows[1].global).toBe(0.5);
    expect(rows[1]['global.band']).toEqual([0.9, 1.1]);
    expect(rows[1]['b.global']).toBe(0.5);
    expect(rows[0]['b.global']).toBeUndefined();
    expect(rows[2].global).toBeUndefined();
  });
  it('keeps each smoothed series’ raw values beside it, and none when smoothing is off', () => {
    const a = [metricsAt(1, 0), metricsAt(2, 1)];
    const rows = buildRows(a, a, 0.5);
    expect(rows[1].global).toBe(0.5);
    expect(rows[1][rawKey('global')]).toBe(1);
    expect(rows[1][rawKey('b.global')]).toBe(1);
    expect(rows[1][rawKey('global.band')]).toBeUndefined();
    expect(Object.keys(buildRows(a, a, 0)[1]).some((k) => k.endsWith('.raw'))).toBe(false);
  });
});

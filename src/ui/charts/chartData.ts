// What the live charts draw: which series each chart has, the rows recharts reads (one per step,
// a second run's series under "b." keys for overlays), smoothing, and thinning to a drawable size.

import { AGENT_NAMES, type AgentName } from '../../agents/names';
import type { StepMetrics } from '../../run/records';

export type ChartId = 'local' | 'global' | 'credit' | 'loss' | 'kl' | 'entropy' | 'gradNorm' | 'tokens' | 'zeroSpread';

export interface SeriesSpec {
  key: string;
  label: string;
  color: string;
  /** Key of the [min, max] band drawn behind the series. */
  band?: string;
}

export interface ChartSpec {
  id: ChartId;
  title: string;
  series: SeriesSpec[];
  /** Areas stacked to a total (the credit weights sum to 1). */
  stacked?: boolean;
  yDomain?: [number, number];
}

export const AGENT_COLORS: Readonly<Record<AgentName, string>> = Object.freeze({ extractor: '#1f77b4', profiler: '#e07b00', retriever: '#2a9d3a' });
const GLOBAL_COLOR = '#7b3fb5';

const perAgentSeries = (prefix: string, band = false): SeriesSpec[] =>
  AGENT_NAMES.map((a) => ({ key: `${prefix}.${a}`, label: a, color: AGENT_COLORS[a], ...(band ? { band: `${prefix}.${a}.band` } : {}) }));

export const CHARTS: readonly ChartSpec[] = Object.freeze([
  { id: 'local', title: 'Local reward per agent (mean, min–max band)', series: perAgentSeries('local', true), yDomain: [0, 1] },
  { id: 'global', title: 'Global reward (accuracy)', series: [{ key: 'global', label: 'global', color: GLOBAL_COLOR, band: 'global.band' }], yDomain: [0, 1] },
  { id: 'credit', title: 'Credit weights (stacked to 1)', series: perAgentSeries('weights'), stacked: true, yDomain: [0, 1] },
  { id: 'loss', title: 'GRPO loss', series: perAgentSeries('loss') },
  { id: 'kl', title: 'KL to the frozen base', series: perAgentSeries('kl') },
  { id: 'entropy', title: 'Entropy', series: perAgentSeries('entropy') },
  { id: 'gradNorm', title: 'Gradient norm', series: perAgentSeries('gradNorm') },
  { id: 'tokens', title: 'Tokens per second', series: [{ key: 'tokensPerSec', label: 'tokens/s', color: '#37474f' }] },
  { id: 'zeroSpread', title: 'Zero-spread groups (no learning signal)', series: [{ key: 'zeroSpread', label: 'fraction', color: '#b23b3b' }], yDomain: [0, 1] },
]);

export type Cell = number | [number, number] | null;
export type Row = { step: number } & Record<string, Cell>;

/** One step's values under the chart keys. */
export function columnsOf(m: StepMetrics): Record<string, Cell> {
  const out: Record<string, Cell> = {
    global: m.global.mean,
    'global.band': [m.global.min, m.global.max],
    tokensPerSec: m.tokensPerSec,
    zeroSpread: m.zeroSpreadFraction,
  };
  for (const a of AGENT_NAMES) {
    out[`local.${a}`] = m.local[a].mean;
    out[`local.${a}.band`] = [m.local[a].min, m.local[a].max];
    out[`weights.${a}`] = m.weights[a];
    out[`loss.${a}`] = m.loss[a];
    out[`kl.${a}`] = m.kl[a];
    out[`entropy.${a}`] = m.entropy[a];
    out[`gradNorm.${a}`] = m.gradNorm[a];
  }
  return out;
}

/**
 * Exponential moving average with weight `w` in [0, 1) on the past (0 = raw). Non-finite values stay
 * null and do not move the average. Example: w 0.5 on [0, 1, 1] → [0, 0.5, 0.75].
 */
export function ema(values: readonly (number | null)[], w: number): (number | null)[] {
  let last: number | undefined;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    last = last === undefined ? v : w * last + (1 - w) * v;
    return last;
  });
}

/** At most `max` items, evenly spaced, first and last kept. */
export function thin<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const out: T[] = [];
  const stride = (items.length - 1) / (max - 1);
  for (let i = 0; i < max; i += 1) out.push(items[Math.round(i * stride)]);
  return out;
}

/** The key of a smoothed series' raw values (drawn faintly under the smoothed line, as TensorBoard does). */
export const rawKey = (key: string): string => `${key}.raw`;

/**
 * The charts' smoothing until the person moves the slider: TensorBoard's default EMA weight, 0.6. A lesson step's
 * global reward is the accuracy of 8 trajectories (2 questions × G 4), so it moves in eighths from step to step;
 * smoothed, a 30-step run's trend shows, and each raw per-step value stays drawn faintly beneath (RAW_OPACITY).
 */
export const DEFAULT_SMOOTHING = 0.6;

/**
 * Rows for recharts, one per step present in either run, the overlay's keys prefixed "b.". Every
 * non-band series is smoothed with `smoothing` (ema weight), its raw values kept under rawKey when
 * smoothing is on; bands stay raw. At most `maxRows` rows.
 */
export function buildRows(primary: readonly StepMetrics[], overlay: readonly StepMetrics[] | undefined, smoothing: number, maxRows = 600): Row[] {
  const byStep = new Map<number, Row>();
  const add = (metrics: readonly StepMetrics[], prefix: string) => {
    const cols = metrics.map(columnsOf);
    const keys = cols.length > 0 ? Object.keys(cols[0]) : [];
    const smoothed: Record<string, (number | null)[]> = {};
    for (const k of keys) if (!k.endsWith('.band')) smoothed[k] = ema(cols.map((c) => c[k] as number), smoothing);
    metrics.forEach((m, i) => {
      const row: Row = byStep.get(m.step) ?? { step: m.step };
      for (const k of keys) {
        row[`${prefix}${k}`] = k.endsWith('.band') ? cols[i][k] : smoothed[k][i];
        if (smoothing > 0 && !k.endsWith('.band')) row[rawKey(`${prefix}${k}`)] = cols[i][k];
      }
      byStep.set(m.step, row);
    });
  };
  add(primary, '');
  if (overlay) add(overlay, 'b.');
  return thin(
    [...byStep.values()].sort((a, b) => a.step - b.step),
    maxRows,
  );
}

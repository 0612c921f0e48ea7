// The live series as CSV: one row per step, one column per number of StepMetrics, full precision.

import { AGENT_NAMES } from '../../agents/names';
import type { StepMetrics } from '../../run/records';

type Column = [name: string, value: (m: StepMetrics) => string | number];

const stat = (name: string, get: (m: StepMetrics) => { mean: number; min: number; max: number }): Column[] => [
  [`${name}.mean`, (m) => get(m).mean],
  [`${name}.min`, (m) => get(m).min],
  [`${name}.max`, (m) => get(m).max],
];

export const CSV_COLUMNS: readonly Column[] = Object.freeze([
  ['step', (m) => m.step],
  ...AGENT_NAMES.flatMap((a) => stat(`local.${a}`, (m) => m.local[a])),
  ...stat('global', (m) => m.global),
  ...(['weights', 'loss', 'kl', 'entropy', 'gradNorm'] as const).flatMap((k) => AGENT_NAMES.map((a): Column => [`${k}.${a}`, (m) => m[k][a]])),
  ['tokensPerSec', (m) => m.tokensPerSec],
  ['zeroSpreadFraction', (m) => m.zeroSpreadFraction],
  ['nanRewards', (m) => m.nanRewards],
  ['skippedUpdates', (m) => m.skippedUpdates.join(';')],
  ['wallMs', (m) => m.wallMs],
] satisfies Column[]);

function cell(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Header line and one line per step; numbers as JavaScript prints them (round-trips exactly). */
export function metricsToCsv(metrics: readonly StepMetrics[]): string {
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const m of metrics) lines.push(CSV_COLUMNS.map(([, get]) => cell(get(m))).join(','));
  return `${lines.join('\n')}\n`;
}

// What a training run's own records say about its learning signal: per agent, the share of (group, agent)
// pairs whose local rewards had no spread (nothing for GRPO to rank), and the mean local reward over the
// first and last steps (did each agent's reward rise?). Pure; the training benchmark reports both.

import { AGENT_NAMES, perAgent, type PerAgent } from '../../agents/names';
import { hasRankingSignal } from '../../rl/credit';
import type { StepMetrics, TrajectoryRow } from '../records';

/**
 * Per agent: (group, agent) pairs without ranking signal / all pairs, over trajectory rows of any steps
 * (a group is one (step, group) pair). Example: one group with profiler rewards [0, 0, 0, 0] and
 * extractor rewards [0.2, 0.4, 0.2, 0.2] → profiler 1, extractor 0. No rows → NaN.
 */
export function zeroSpreadByAgent(rows: readonly Pick<TrajectoryRow, 'step' | 'group' | 'local'>[]): PerAgent<number> {
  const groups = new Map<string, PerAgent<number[]>>();
  for (const r of rows) {
    const key = `${r.step}:${r.group}`;
    const g = groups.get(key) ?? perAgent((): number[] => []);
    for (const n of AGENT_NAMES) g[n].push(r.local[n]);
    groups.set(key, g);
  }
  const all = [...groups.values()];
  return perAgent((n) => (all.length === 0 ? Number.NaN : all.filter((g) => !hasRankingSignal(g[n])).length / all.length));
}

/** The mean of the finite values (NaN when none). */
function finiteMean(xs: readonly number[]): number {
  const v = xs.filter((x) => Number.isFinite(x));
  return v.length === 0 ? Number.NaN : v.reduce((a, b) => a + b, 0) / v.length;
}

/**
 * The mean of a per-step series over its first `k` steps and its last `k` (fewer when it is shorter; the two
 * windows may overlap). Example: 0.1, 0.2, 0.3, 0.4 with k 2 → first 0.15, last 0.35. NaN steps are skipped.
 */
export function seriesWindows(xs: readonly number[], k = 5): { first: number; last: number } {
  return { first: finiteMean(xs.slice(0, k)), last: finiteMean(xs.slice(-k)) };
}

/** Per agent, seriesWindows of each step's mean local reward. */
export function localRewardWindows(metrics: readonly Pick<StepMetrics, 'local'>[], k = 5): { first: PerAgent<number>; last: PerAgent<number> } {
  const each = perAgent((n) => seriesWindows(metrics.map((m) => m.local[n].mean), k));
  return { first: perAgent((n) => each[n].first), last: perAgent((n) => each[n].last) };
}

/** Mean and sample standard deviation (n − 1; 0 for one value). Example: [1, 2, 3] → mean 2, std 1. */
export function meanStd(xs: readonly number[]): { mean: number; std: number } {
  if (xs.length === 0) return { mean: Number.NaN, std: Number.NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
  return { mean, std };
}

/**
 * How much a run's series (a reward per step) rose beyond a control's (a frozen team on the same questions,
 * step for step): with d_t = run_t − control_t over the steps both have, `rise` is the mean of d over the
 * last `k` steps minus its mean over the first `k` (the run's first-k → last-k rise minus the control's),
 * and `late` the mean of d over the second half of those steps (⌊n/2⌋ + 1 … n). Which questions fall in a
 * window moves a window's mean as much as training does; the control's windows see the same questions.
 * Example: run 0.2, 0.3, 0.5, 0.6 and control 0.2, 0.2, 0.3, 0.3 with k 2 → d 0, 0.1, 0.2, 0.3: rise 0.2,
 * late 0.25. No common step → NaN; NaN steps are skipped.
 */
export function seriesBeyondControl(run: readonly number[], control: readonly number[], k = 5): { rise: number; late: number } {
  const n = Math.min(run.length, control.length);
  const d = Array.from({ length: n }, (_, t) => run[t] - control[t]);
  const w = seriesWindows(d, k);
  return { rise: w.last - w.first, late: finiteMean(d.slice(Math.floor(n / 2))) };
}

/** Per agent, seriesBeyondControl of the run's and the control's mean local reward per step. */
export function beyondControl(
  run: readonly Pick<StepMetrics, 'local'>[],
  control: readonly Pick<StepMetrics, 'local'>[],
  k = 5,
): { rise: PerAgent<number>; late: PerAgent<number> } {
  const each = perAgent((a) => seriesBeyondControl(run.map((m) => m.local[a].mean), control.map((m) => m.local[a].mean), k));
  return { rise: perAgent((a) => each[a].rise), late: perAgent((a) => each[a].late) };
}

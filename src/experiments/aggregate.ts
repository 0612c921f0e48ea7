// Results of an experiment per credit mode: accuracy overall and per question type, as the mean
// and sample standard deviation over the seeds whose runs are evaluated.

import type { PlannedRun } from './plan';
import type { ComparedMode } from './plan';

export interface Spread {
  /** Seeds that contributed. */
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); NaN with fewer than two seeds. */
  sd: number;
}

export interface ModeResult {
  mode: ComparedMode;
  /** Seeds evaluated out of planned. */
  seedsDone: number;
  seedsPlanned: number;
  overall: Spread;
  /** Per question type; a type a seed's validation split lacks does not count for that seed. */
  byType: Record<string, Spread>;
  /** Validation questions per evaluated run (the same world, so the same for every seed). */
  questions: number;
}

/**
 * Mean and sample standard deviation. Example: [0.5, 0.7] → mean 0.6, sd √0.02 ≈ 0.1414; [0.5] → sd NaN; [] → mean NaN.
 */
export function spread(values: readonly number[]): Spread {
  const n = values.length;
  if (n === 0) return { n, mean: NaN, sd: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, sd: NaN };
  const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { n, mean, sd: Math.sqrt(ss / (n - 1)) };
}

/** Every question type any evaluated run reported, sorted by name. */
export function typesOf(runs: readonly PlannedRun[]): string[] {
  const types = new Set<string>();
  for (const r of runs) for (const t of Object.keys(r.result?.byType ?? {})) types.add(t);
  return [...types].sort();
}

/** One row per mode, in the order given. */
export function aggregate(runs: readonly PlannedRun[], modes: readonly ComparedMode[]): ModeResult[] {
  const types = typesOf(runs);
  return modes.map((mode) => {
    const mine = runs.filter((r) => r.mode === mode);
    const done = mine.filter((r) => r.state === 'done' && r.result !== undefined);
    const byType: Record<string, Spread> = {};
    for (const t of types) {
      byType[t] = spread(done.flatMap((r) => {
        const a = r.result?.byType[t];
        return a ? [a.accuracy] : [];
      }));
    }
    return {
      mode,
      seedsDone: done.length,
      seedsPlanned: mine.length,
      overall: spread(done.map((r) => r.result?.accuracy ?? NaN)),
      byType,
      questions: done[0]?.result?.questions ?? 0,
    };
  });
}

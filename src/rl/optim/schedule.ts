// The learning-rate schedule: linear warmup, then constant, linear or cosine decay to zero, as
// transformers' get_{constant,linear,cosine}_schedule_with_warmup.

export const LR_SCHEDULES = ['constant', 'linear', 'cosine'] as const;
export type LrScheduleType = (typeof LR_SCHEDULES)[number];

export interface LrSchedule {
  type: LrScheduleType;
  /** Steps of linear warmup from 0 to the base rate. */
  warmupSteps: number;
}

/**
 * The rate for 0-based `step` of `totalSteps` (totalSteps 0 = open-ended: no decay).
 * Example: base 1e-4, warmup 2, linear over 10: step 0 → 0, 1 → 5e-5, 2 → 1e-4, 6 → 5e-5.
 */
export function learningRateAt(step: number, totalSteps: number, base: number, s: LrSchedule): number {
  if (step < s.warmupSteps) return (base * step) / Math.max(1, s.warmupSteps);
  if (s.type === 'constant' || totalSteps <= 0) return base;
  const progress = Math.min(1, (step - s.warmupSteps) / Math.max(1, totalSteps - s.warmupSteps));
  return s.type === 'linear' ? base * (1 - progress) : base * 0.5 * (1 + Math.cos(Math.PI * progress));
}

// How a long operation reports progress (model loading, sampling, updates, evaluation), for every layer's
// progress bars.

/** The long phases a progress bar is shown for. */
export type Phase = 'download' | 'load-weights' | 'compile' | 'cold-start' | 'sample' | 'score' | 'update' | 'checkpoint' | 'eval';

/** A long operation's progress: its phase, units done of total, the unit's name, and a line for people. */
export type ProgressFn = (phase: Phase, done: number, total: number, unit: string, label: string) => void;

// Experiment presets: ready-made comparisons for a lesson. "Joint vs independent" trains the
// adaptive team and the independent ablation on a tiny world, a few steps each, over two seeds.

import type { DatasetRef } from '../env/datasetRef';
import type { ComparedMode } from './plan';

export interface ExperimentPreset {
  id: string;
  name: string;
  /** What the lesson shows, in one or two sentences. */
  lesson: string;
  modes: ComparedMode[];
  seeds: number[];
  steps: number;
  evalLimit: number;
  /** The world the lesson uses (it replaces the setup's dataset). */
  world: Extract<DatasetRef, { kind: 'synthetic' }>;
}

export const EXPERIMENT_PRESETS: readonly ExperimentPreset[] = Object.freeze([
  {
    id: 'joint-vs-independent',
    name: 'Joint vs independent',
    lesson:
      'Train the team jointly with adaptive credit (each agent also earns a share of the team reward) and, for contrast, train one agent on its own local reward while the others stay frozen. Then compare how often each team answers correctly.',
    modes: ['adaptive', 'independent'],
    seeds: [1, 2],
    steps: 4,
    evalLimit: 8,
    // The generator's "tiny" preset size (src/env/worldConfig.ts), no distractors: seconds per step on a small model.
    world: { kind: 'synthetic', seed: 1, personas: 2, sessionsPerPersona: 3, turnsPerSession: 6, distractorRatio: 0 },
  },
]);

// Which dataset a run is trained on, as plain JSON (a URL, a config file and IndexedDB hold it): a world
// generated from a seed, or a dataset stored in IndexedDB. Resolved to a Dataset by rl/syntheticWorld.ts
// and the homes' dataset stores.

import type { WorldStyle } from './worldConfig';

/** What a run is trained on: a world generated from a seed, or a dataset stored in IndexedDB. */
export type DatasetRef =
  | {
      kind: 'synthetic';
      seed: number;
      personas: number;
      sessionsPerPersona: number;
      turnsPerSession: number;
      /** Fraction of turns that are distractor chit-chat, in [0, 1). */
      distractorRatio: number;
      /** The generator (env/worldConfig.ts WORLD_STYLES); absent = the persona worlds. */
      style?: WorldStyle;
      /** Preference topics per persona (absent = the generator's default). */
      topicsPerPersona?: number;
      /** Questions per type per persona (absent = the generator's default). */
      questionsPerType?: number;
      /** Lesson worlds: restate the replaced preference before each change note (env/worldConfig.ts; absent = false). */
      restate?: boolean;
    }
  | { kind: 'stored'; id: string };

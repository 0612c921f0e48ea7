// The world a synthetic DatasetRef names: regenerated from its seed and shape (same ref → same world),
// in one place for the trainer's browser and Node homes and the stepper's stored runs.

import { generateWorld } from '../env/generator';
import type { Dataset } from '../env/types';
import type { DatasetRef } from '../protocol/trainer';

export type SyntheticRef = Extract<DatasetRef, { kind: 'synthetic' }>;

export function syntheticWorld(ref: SyntheticRef): Dataset {
  return generateWorld({ seed: ref.seed, personas: ref.personas, sessionsPerPersona: ref.sessionsPerPersona, turnsPerSession: ref.turnsPerSession, distractorRatio: ref.distractorRatio });
}

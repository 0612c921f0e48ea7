// The world a synthetic DatasetRef names: regenerated from its seed and shape (same ref → same world),
// in one place for the trainer's browser and Node homes and the stepper's stored runs.

import { generateWorld } from '../env/generator';
import { DEFAULT_WORLD, WORLD_PRESETS, type WorldConfig } from '../env/worldConfig';
import type { Dataset } from '../env/types';
import type { HistoryScope } from '../env/mdp';
import type { DatasetRef } from '../env/datasetRef';

export type SyntheticRef = Extract<DatasetRef, { kind: 'synthetic' }>;

/** The generator's config for a synthetic ref: only what the ref names (an absent knob keeps the generator's default, so older refs' worlds stay unchanged). */
export function worldConfigOf(ref: SyntheticRef): Partial<WorldConfig> {
  const { seed, personas, sessionsPerPersona, turnsPerSession, distractorRatio, style, topicsPerPersona, questionsPerType, restate } = ref;
  return {
    seed,
    personas,
    sessionsPerPersona,
    turnsPerSession,
    distractorRatio,
    ...(style !== undefined ? { style } : {}),
    ...(topicsPerPersona !== undefined ? { topicsPerPersona } : {}),
    ...(questionsPerType !== undefined ? { questionsPerType } : {}),
    ...(restate === true ? { restate } : {}),
  };
}

export function syntheticWorld(ref: SyntheticRef): Dataset {
  return generateWorld(worldConfigOf(ref));
}

/** A synthetic ref for a world preset (e.g. "lesson") and seed: every knob the preset sets. */
export function presetWorldRef(preset: keyof typeof WORLD_PRESETS, seed: number): SyntheticRef {
  const w = { ...DEFAULT_WORLD, ...WORLD_PRESETS[preset] };
  return {
    kind: 'synthetic',
    seed,
    personas: w.personas,
    sessionsPerPersona: w.sessionsPerPersona,
    turnsPerSession: w.turnsPerSession,
    distractorRatio: w.distractorRatio,
    ...(w.style !== undefined ? { style: w.style } : {}),
    topicsPerPersona: w.topicsPerPersona,
    questionsPerType: w.questionsPerType,
    ...(w.restate === true ? { restate: true } : {}),
  };
}

/**
 * The history a dataset's questions are evaluated on unless the person picks: the lesson world's evidence
 * session (its model is built on one session, and training samples it: on the full history the lesson team
 * answers 8% against 46%, README), every turn before the question elsewhere (the paper's evaluation).
 */
export function defaultHistoryScope(ref: DatasetRef): HistoryScope {
  return ref.kind === 'synthetic' && ref.style === 'lesson' ? 'evidence' : 'full';
}

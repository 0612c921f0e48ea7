// The synthetic world's size knobs as one typed object, its validator, and presets (tiny for unit
// tests, classroom for a lesson, long for thousands of turns).

import { WorldConfigError } from './errors';
import { TOPICS } from './worldContent';

/** "persona": the rich persona worlds (the default); "lesson": short explicit turns made to be learned (lessonGenerator.ts). */
export const WORLD_STYLES = ['persona', 'lesson'] as const;
export type WorldStyle = (typeof WORLD_STYLES)[number];

export interface WorldConfig {
  /** Same seed, same bytes. */
  seed: number;
  /** Which generator; absent = "persona" (kept absent so older configs hash and generate as before). */
  style?: WorldStyle;
  /** Number of personas (one multi-session context each). 1–1000, default 3. */
  personas: number;
  /** Sessions per persona; preferences change from session 2 on. 2–500, default 4. */
  sessionsPerPersona: number;
  /** User + assistant turns per session, not counting its opening system turn. 2–400, default 12. */
  turnsPerSession: number;
  /** Share of exchanges that are distractor chit-chat. 0–0.9, default 0.4. */
  distractorRatio: number;
  /** Preference topics per persona. 1–5, default 3. */
  topicsPerPersona: number;
  /** Questions per type per persona (fewer where the world has too few facts or changes). 1–10, default 1. */
  questionsPerType: number;
  /**
   * Lesson worlds only: a change note follows a restatement of the preference it replaces ("for music, i
   * like techno now." then "for music, i switched to jazz because …") in the same session, so the session
   * that answers a question also holds a note that names a wrong option, and which note is newer matters.
   * Absent = false (kept absent so older configs hash and generate as before).
   */
  restate?: boolean;
}

export const DEFAULT_WORLD: Readonly<WorldConfig> = Object.freeze({
  seed: 1,
  personas: 3,
  sessionsPerPersona: 4,
  turnsPerSession: 12,
  distractorRatio: 0.4,
  topicsPerPersona: 3,
  questionsPerType: 1,
});

/** Presets override only what they change. */
export const WORLD_PRESETS: Readonly<Record<'tiny' | 'classroom' | 'long' | 'lesson' | 'paper', Partial<WorldConfig>>> = Object.freeze({
  /** Unit tests: a few dozen turns. */
  tiny: { personas: 2, sessionsPerPersona: 3, turnsPerSession: 6, topicsPerPersona: 2 },
  /** A lesson: enough personas for a by-persona train/validation split, a few hundred turns each. */
  classroom: { personas: 8, sessionsPerPersona: 8, turnsPerSession: 20, questionsPerType: 2 },
  /** Long histories: thousands of turns per persona, most of them chit-chat. */
  long: { personas: 4, sessionsPerPersona: 60, turnsPerSession: 50, distractorRatio: 0.8, topicsPerPersona: 5, questionsPerType: 3 },
  /**
   * The embedded default lesson: short explicit turns, one distractor in three exchanges, answers grounded in
   * one evidence turn; 24 personas so the by-persona validation split holds ≥ 60 questions over ≥ 4 personas.
   */
  lesson: { style: 'lesson', personas: 24, sessionsPerPersona: 3, turnsPerSession: 6, distractorRatio: 0.34, topicsPerPersona: 3, questionsPerType: 3 },
  /**
   * PersonaMem 32k's shape (METHOD.md: 10 sessions of 15–30 turns): long multi-session histories where the
   * evidence session is one of ten, for evaluating the Extractor on the full history; 8 personas give a
   * by-persona validation split.
   */
  paper: { personas: 8, sessionsPerPersona: 10, turnsPerSession: 24, distractorRatio: 0.5, topicsPerPersona: 3 },
});

const RANGES: Readonly<Record<Exclude<keyof WorldConfig, 'seed' | 'distractorRatio' | 'style' | 'restate'>, [number, number]>> = Object.freeze({
  personas: [1, 1000],
  sessionsPerPersona: [2, 500],
  turnsPerSession: [2, 400],
  topicsPerPersona: [1, TOPICS.length],
  questionsPerType: [1, 10],
});

export function validateWorldConfig(input: Partial<WorldConfig>): WorldConfig {
  const cfg: WorldConfig = { ...DEFAULT_WORLD, ...input };
  if (!Number.isInteger(cfg.seed) || cfg.seed < 0 || cfg.seed > 0xffffffff) {
    throw new WorldConfigError(`seed ${cfg.seed} is not an integer from 0 to 4294967295. Pick a whole number.`, { field: 'seed' });
  }
  for (const [field, [lo, hi]] of Object.entries(RANGES) as [keyof typeof RANGES, [number, number]][]) {
    const v = cfg[field];
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw new WorldConfigError(`${field} = ${v} is out of range. Use a whole number from ${lo} to ${hi}.`, { field });
    }
  }
  if (cfg.style !== undefined && !(WORLD_STYLES as readonly string[]).includes(cfg.style)) {
    throw new WorldConfigError(`style "${String(cfg.style)}" is not a world style. Use one of ${WORLD_STYLES.join(', ')}.`, { field: 'style' });
  }
  if (cfg.style === 'persona') delete cfg.style;
  if (cfg.restate !== undefined && typeof cfg.restate !== 'boolean') {
    throw new WorldConfigError(`restate = ${String(cfg.restate)} is not true or false.`, { field: 'restate' });
  }
  if (cfg.restate === true && cfg.style !== 'lesson') {
    throw new WorldConfigError('restate applies to lesson worlds only. Set style to "lesson" or leave restate out.', { field: 'restate' });
  }
  if (cfg.restate === false) delete cfg.restate;
  if (!(cfg.distractorRatio >= 0 && cfg.distractorRatio <= 0.9)) {
    throw new WorldConfigError(`distractorRatio = ${cfg.distractorRatio} is out of range. Use a number from 0 to 0.9.`, { field: 'distractorRatio' });
  }
  return cfg;
}

// The lab model's training and evaluation data: synthetic worlds from disjoint seed ranges, their chats
// as language-modelling documents, and teacher demonstrations in the three agents' exact prompt formats.

import { defaultTemplates, type AgentName } from '../agents/registry';
import type { AnswerFormat } from '../agents/retriever/answer';
import { MIXED_TEACHERS, type TeacherStyle } from '../agents/teachers';
import { renderTurn } from '../env/chunk';
import { generateWorld } from '../env/generator';
import { historyFor } from '../env/mdp';
import type { Context, Dataset, Question } from '../env/types';
import { DEFAULT_WORLD, WORLD_PRESETS, type WorldConfig } from '../env/worldConfig';
import { Rng } from '../model/rng';
import { byAgent, teacherDemos, type TeacherDemo } from '../rl/teacherDemos';

/**
 * Which worlds a lab model learns from: the persona worlds, the lesson worlds, lesson worlds that restate a
 * replaced preference before its change (WorldConfig.restate), or restated lesson worlds of 3, 4 or 5
 * sessions by world index (LESSON_SESSION_COUNTS).
 */
export type LabWorldKind = 'persona' | 'lesson' | 'lesson-restated' | 'lesson-restated-sessions';

/** World shape for both training and evaluation worlds: short sessions, so prompts fit the tiny model. */
export const LAB_WORLD: Omit<WorldConfig, 'seed'> = Object.freeze({
  personas: 6,
  sessionsPerPersona: 4,
  turnsPerSession: 8,
  distractorRatio: 0.4,
  topicsPerPersona: 3,
  questionsPerType: 2,
});

/** Training worlds use seeds from here up; evaluation worlds from EVAL_SEED_BASE up (never overlapping). */
export const TRAIN_SEED_BASE = 10_000;
export const EVAL_SEED_BASE = 900_000;

/**
 * The lesson model's worlds: the lesson preset's style and knobs with 8 personas each (the lesson preset's
 * 24 are for a validation split; a build wants many small worlds of fresh names and values instead).
 */
export const LESSON_LAB_WORLD: Omit<WorldConfig, 'seed'> = Object.freeze({ ...DEFAULT_WORLD, ...WORLD_PRESETS.lesson, personas: 8 });

/**
 * The session counts of the `lesson-restated-sessions` worlds, world i having LESSON_SESSION_COUNTS[i % 3]:
 * the lesson generator places the persona's facts by session count, so on three sessions alone "my pet is …"
 * and "at home my family is …" always share a session, and a model built there loops ("my pet is my family
 * is my family is …") on a four-session world, where they do not (README, session 23).
 */
export const LESSON_SESSION_COUNTS: readonly number[] = Object.freeze([3, 4, 5]);

/** The world shape of a recipe's kind (world i of it): the persona worlds (comam-tiny) or the lesson worlds, restated or not. */
export function labWorldShape(kind: LabWorldKind = 'persona', i = 0): Omit<WorldConfig, 'seed'> {
  if (kind === 'lesson-restated-sessions') return { ...LESSON_LAB_WORLD, restate: true, sessionsPerPersona: LESSON_SESSION_COUNTS[i % LESSON_SESSION_COUNTS.length] };
  if (kind === 'lesson-restated') return { ...LESSON_LAB_WORLD, restate: true };
  return kind === 'lesson' ? LESSON_LAB_WORLD : LAB_WORLD;
}

/** The session counts a recipe's kind trains on, in turn by world (one count for every kind but the sessions kind). */
export function labSessionCounts(kind: LabWorldKind = 'persona'): readonly number[] {
  return kind === 'lesson-restated-sessions' ? LESSON_SESSION_COUNTS : [labWorldShape(kind).sessionsPerPersona];
}

export function trainWorld(i: number, kind: LabWorldKind = 'persona'): Dataset {
  return generateWorld({ ...labWorldShape(kind, i), seed: TRAIN_SEED_BASE + i });
}

export function evalWorld(i: number, kind: LabWorldKind = 'persona'): Dataset {
  return generateWorld({ ...labWorldShape(kind, i), seed: EVAL_SEED_BASE + i });
}

/**
 * `count` copy documents over the words of `texts`: "remember: w1 … wk" then "repeat: w1 … wk" (k from
 * 6 to 24, words drawn uniformly from the distinct words), seeded. The repeat is predictable only by
 * copying, which is what a closed-vocabulary corpus never forces. Example: "remember: jazz my now\nrepeat: jazz my now".
 */
export function copyDocuments(texts: readonly string[], count: number, seed: number): string[] {
  const words = [...new Set(texts.flatMap((t) => t.split(/\s+/)).filter((w) => /^[a-z][a-z'-]*[a-z]$/.test(w)))].sort();
  if (words.length === 0) return [];
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const k = 6 + Math.floor(rng.next() * 19);
    const run = Array.from({ length: k }, () => words[Math.floor(rng.next() * words.length)]).join(' ');
    return `remember: ${run}\nrepeat: ${run}`;
  });
}

/**
 * `count` line-copy documents: one of `chats`' sessions' user lines, then "repeat:" and the same lines
 * (seeded choice). Natural sentences repeat their words ("my job is …", "my pet is …"), so copying them
 * needs more than the previous token's match, as the Extractor's memory lines do.
 */
export function lineCopyDocuments(chats: readonly string[], count: number, seed: number): string[] {
  if (chats.length === 0) return [];
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const lines = chats[Math.floor(rng.next() * chats.length)]
      .split('\n')
      .filter((l) => l.startsWith('user: '))
      .map((l) => l.slice('user: '.length))
      .join('\n');
    return `remember: ${lines}\nrepeat: ${lines}`;
  });
}

/** A context's chat as `role: text` lines (how the Extractor reads it), one document per session. */
export function chatDocuments(world: Dataset): string[] {
  return world.contexts.flatMap((c) => c.sessions.map((s) => c.turns.slice(s.startTurn, s.endTurn).map(renderTurn).join('\n')));
}

export type Demonstration = TeacherDemo;

function contextOf(world: Dataset, q: Question): Context {
  const c = world.contexts.find((x) => x.id === q.contextId);
  if (!c) throw new Error(`question ${q.id} names unknown context ${q.contextId}`);
  return c;
}

/**
 * Teacher demonstrations for every question of a world in the agents' default prompts for an answer
 * format, chained as the team runs (the profiler and retriever read the teacher extractor's memory), one
 * per agent per question; `style`: how the teachers err (teachers.ts).
 */
export function demonstrations(world: Dataset, seed: number, format: AnswerFormat = 'letter', style: TeacherStyle = MIXED_TEACHERS): Demonstration[] {
  const items = world.questions.map((q) => ({ history: historyFor(contextOf(world, q), q, 'train'), question: q }));
  return teacherDemos(items, defaultTemplates(format), new Rng(seed), undefined, format, style);
}

/** A world's teacher demonstrations grouped by agent (the input of coldStartSft in src/rl/sft.ts). */
export function demonstrationsByAgent(world: Dataset, seed: number): Record<AgentName, Demonstration[]> {
  return byAgent(demonstrations(world, seed));
}

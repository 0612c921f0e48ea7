// The lab model's training and evaluation data: synthetic worlds from disjoint seed ranges, their chats
// as language-modelling documents, and teacher demonstrations in the three agents' exact prompt formats.

import { AGENTS, type AgentName } from '../agents/registry';
import { renderTurn } from '../env/chunk';
import { generateWorld } from '../env/generator';
import { historyFor } from '../env/mdp';
import type { Context, Dataset, Question } from '../env/types';
import type { WorldConfig } from '../env/worldConfig';
import { Rng } from '../model/rng';
import { renderPrompt } from '../agents/template';
import { renderMemory, renderOptions } from '../rl/rollout';
import { extractorText, retrieverText, teachExtractor, teachProfiler, teachRetriever } from './teachers';

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

export function trainWorld(i: number): Dataset {
  return generateWorld({ ...LAB_WORLD, seed: TRAIN_SEED_BASE + i });
}

export function evalWorld(i: number): Dataset {
  return generateWorld({ ...LAB_WORLD, seed: EVAL_SEED_BASE + i });
}

/** A context's chat as `role: text` lines (how the Extractor reads it), one document per session. */
export function chatDocuments(world: Dataset): string[] {
  return world.contexts.flatMap((c) => c.sessions.map((s) => c.turns.slice(s.startTurn, s.endTurn).map(renderTurn).join('\n')));
}

export interface Demonstration {
  agent: AgentName;
  /** The rendered agent prompt (before the chat template). */
  prompt: string;
  /** The teacher's output. */
  completion: string;
}

function contextOf(world: Dataset, q: Question): Context {
  const c = world.contexts.find((x) => x.id === q.contextId);
  if (!c) throw new Error(`question ${q.id} names unknown context ${q.contextId}`);
  return c;
}

/**
 * Teacher demonstrations for every question of a world, chained as the team runs (the profiler and
 * retriever read the teacher extractor's memory), one demonstration per agent per question.
 */
export function demonstrations(world: Dataset, seed: number): Demonstration[] {
  const rng = new Rng(seed);
  const out: Demonstration[] = [];
  for (const q of world.questions) {
    const history = historyFor(contextOf(world, q), q, 'train');
    const memory = teachExtractor(history, rng);
    out.push({ agent: 'extractor', prompt: renderPrompt(AGENTS.extractor.prompt, { history: history.map(renderTurn).join('\n') }), completion: extractorText(memory) });
    const memoryText = renderMemory(memory);
    const profile = teachProfiler(memory);
    out.push({ agent: 'profiler', prompt: renderPrompt(AGENTS.profiler.prompt, { memory: memoryText }), completion: profile });
    const { information, choice } = teachRetriever(memory, q.query, q.options);
    const profileText = profile.replace(/^<profile>\n|\n<\/profile>$/g, '');
    out.push({
      agent: 'retriever',
      prompt: renderPrompt(AGENTS.retriever.prompt, { memory: memoryText, profile: profileText, question: q.query, options: renderOptions(q.options) }),
      completion: retrieverText(information, choice),
    });
  }
  return out;
}

/** A world's teacher demonstrations grouped by agent (the input of coldStartSft in src/rl/sft.ts). */
export function demonstrationsByAgent(world: Dataset, seed: number): Record<AgentName, Demonstration[]> {
  const out: Record<AgentName, Demonstration[]> = { extractor: [], profiler: [], retriever: [] };
  for (const d of demonstrations(world, seed)) out[d.agent].push(d);
  return out;
}

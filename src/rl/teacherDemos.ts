// Teacher demonstrations for any training questions: the deliberately imperfect teachers of
// src/labmodel/teachers.ts run the team's chain (extractor → profiler → retriever) in the given prompts.

import type { AgentName, PerAgent } from '../agents/names';
import { renderPrompt, type PromptTemplate } from '../agents/template';
import { renderTurn } from '../env/chunk';
import type { Question, Turn } from '../env/types';
import type { Rng } from '../model/rng';
import { extractorText, retrieverText, teachExtractor, teachProfiler, teachRetriever } from '../labmodel/teachers';
import { renderMemory, renderOptions } from './rollout';

export interface TeacherDemo {
  agent: AgentName;
  /** The rendered agent prompt (before the chat template). */
  prompt: string;
  /** The teacher's output. */
  completion: string;
}

/**
 * One demonstration per agent per item, in item order (extractor, profiler, retriever), chained as the
 * team runs: the profiler and retriever read the teacher extractor's memory. `rng` drives the extractor teacher.
 */
export function teacherDemos(items: readonly { history: readonly Turn[]; question: Question }[], templates: PerAgent<PromptTemplate>, rng: Rng): TeacherDemo[] {
  const out: TeacherDemo[] = [];
  for (const { history, question: q } of items) {
    const memory = teachExtractor(history, rng);
    out.push({ agent: 'extractor', prompt: renderPrompt(templates.extractor, { history: history.map(renderTurn).join('\n') }), completion: extractorText(memory) });
    const memoryText = renderMemory(memory);
    const profile = teachProfiler(memory);
    out.push({ agent: 'profiler', prompt: renderPrompt(templates.profiler, { memory: memoryText }), completion: profile });
    const { information, choice } = teachRetriever(memory, q.query, q.options);
    const profileText = profile.replace(/^<profile>\n|\n<\/profile>$/g, '');
    out.push({
      agent: 'retriever',
      prompt: renderPrompt(templates.retriever, { memory: memoryText, profile: profileText, question: q.query, options: renderOptions(q.options) }),
      completion: retrieverText(information, choice),
    });
  }
  return out;
}

/** Demonstrations grouped by agent (coldStartSft's input). */
export function byAgent(demos: readonly TeacherDemo[]): PerAgent<TeacherDemo[]> {
  const out: PerAgent<TeacherDemo[]> = { extractor: [], profiler: [], retriever: [] };
  for (const d of demos) out[d.agent].push(d);
  return out;
}

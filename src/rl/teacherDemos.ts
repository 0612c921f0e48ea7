// Teacher demonstrations for any training questions: the deliberately imperfect teachers of
// src/labmodel/teachers.ts run the team's chain (extractor → profiler → retriever) in the given prompts.

import type { AgentName, PerAgent } from '../agents/names';
import type { AnswerFormat } from '../agents/retriever/answer';
import { renderPrompt, type PromptTemplate } from '../agents/template';
import { renderTurn } from '../env/chunk';
import type { Question, Turn } from '../env/types';
import type { Rng } from '../model/rng';
import { drawProfilerManner, extractorText, FIXED_PROFILER, MIXED_TEACHERS, retrieverText, teachExtractor, teachProfiler, teachRetriever, type TeacherStyle } from '../agents/teachers';
import { renderMemory, renderOptions } from './rollout';

export interface TeacherDemo {
  agent: AgentName;
  /** The rendered agent prompt (before the chat template). */
  prompt: string;
  /** The teacher's output. */
  completion: string;
}

/** Whether a demonstration fits the model (prompt + completion within its positions). */
export type DemoFits = (agent: AgentName, prompt: string, completion: string) => boolean;

/**
 * One demonstration per agent per item, in item order (extractor, profiler, retriever), chained as the
 * team runs: the profiler and retriever read the teacher extractor's memory. `rng` drives the extractor
 * teacher and the retriever teacher's tie-breaks (one draw per item), then with style.profiler `varied` the
 * profiler teacher's manner (three draws per item; the retriever's prompt holds that same profile). With `fits`, the profiler's and retriever's demonstrations keep only the most recent memory
 * lines that fit (possibly none), as the rollout cuts their prompts; without it every line is kept.
 * `format` is the Retriever's answer format (its options are rendered and its answer written for it);
 * `style` how the teachers err (teachers.ts).
 */
export function teacherDemos(
  items: readonly { history: readonly Turn[]; question: Question }[],
  templates: PerAgent<PromptTemplate>,
  rng: Rng,
  fits?: DemoFits,
  format: AnswerFormat = 'letter',
  style: TeacherStyle = MIXED_TEACHERS,
): TeacherDemo[] {
  const out: TeacherDemo[] = [];
  for (const { history, question: q } of items) {
    const memory = teachExtractor(history, rng, style.extractor);
    const tieBreak = rng.next();
    // Drawn only for the varied teacher, so the fixed one's demonstrations (every committed model's) stay as they were.
    const manner = style.profiler === 'varied' ? drawProfilerManner(rng) : FIXED_PROFILER;
    out.push({ agent: 'extractor', prompt: renderPrompt(templates.extractor, { history: history.map(renderTurn).join('\n') }), completion: extractorText(memory) });
    const profilerDemo = (lines: readonly string[]): TeacherDemo => ({ agent: 'profiler', prompt: renderPrompt(templates.profiler, { memory: renderMemory(lines) }), completion: teachProfiler(lines, manner) });
    const retrieverDemo = (lines: readonly string[]): TeacherDemo => {
      const { information, choice } = teachRetriever(lines, q.query, q.options, tieBreak, style.retrieverOrder);
      const profileText = teachProfiler(lines, manner).replace(/^<profile>\n|\n<\/profile>$/g, '');
      return {
        agent: 'retriever',
        prompt: renderPrompt(templates.retriever, { memory: renderMemory(lines), profile: profileText, question: q.query, options: renderOptions(q.options, format) }),
        completion: retrieverText(information, choice, format, q.options),
      };
    };
    out.push(fitted(memory, profilerDemo, fits), fitted(memory, retrieverDemo, fits));
  }
  return out;
}

/**
 * The demonstration over the most recent memory lines that fits: all lines without `fits`, possibly none
 * (as the rollout's prompts may keep none); when not even that fits it is returned as is, and SFT skips it.
 */
function fitted(memory: readonly string[], build: (lines: readonly string[]) => TeacherDemo, fits: DemoFits | undefined): TeacherDemo {
  for (let keep = memory.length; keep > 0; keep--) {
    const demo = build(memory.slice(memory.length - keep));
    if (!fits || fits(demo.agent, demo.prompt, demo.completion)) return demo;
  }
  return build([]);
}

/** Demonstrations grouped by agent (coldStartSft's input). */
export function byAgent(demos: readonly TeacherDemo[]): PerAgent<TeacherDemo[]> {
  const out: PerAgent<TeacherDemo[]> = { extractor: [], profiler: [], retriever: [] };
  for (const d of demos) out[d.agent].push(d);
  return out;
}

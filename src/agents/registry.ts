// The frozen registry of the three agents, in pipeline order: each one's prompt template, parser
// and what it reads and writes. The UI lists agents from here; the trainer looks them up by name.

import { parseExtractor } from './extractor/parse';
import { EXTRACTOR_PROMPT } from './extractor/prompt';
import { AGENT_NAMES, perAgent, type AgentName, type PerAgent } from './names';
import type { Parsed } from './parsed';
import { parseProfiler } from './profiler/parse';
import { PROFILER_PROMPT } from './profiler/prompt';
import { parseRetriever } from './retriever/parse';
import type { AnswerFormat } from './retriever/answer';
import { RETRIEVER_PROMPT, RETRIEVER_TEXT_PROMPT } from './retriever/prompt';
import type { PromptTemplate } from './template';

export { AGENT_NAMES, isAgentName, perAgent, type AgentName, type PerAgent } from './names';

export interface AgentSpec {
  readonly name: AgentName;
  /** Display name. */
  readonly title: string;
  /** What it reads (METHOD.md's table). */
  readonly reads: string;
  /** What it writes. */
  readonly writes: string;
  /** Which local reward scores it. */
  readonly reward: string;
  readonly prompt: PromptTemplate;
  readonly parse: (text: string) => Parsed<unknown>;
}

export const AGENTS: Readonly<Record<AgentName, AgentSpec>> = Object.freeze({
  extractor: Object.freeze({
    name: 'extractor',
    title: 'Extractor',
    reads: 'the raw conversation history H',
    writes: 'fine memory M_f: the turns worth keeping, one per line',
    reward: 'Eq. 9: α·coverage + (1−α)·Jaccard of M_f against the gold evidence turns',
    prompt: EXTRACTOR_PROMPT,
    parse: parseExtractor,
  }),
  profiler: Object.freeze({
    name: 'profiler',
    title: 'Profiler',
    reads: 'the fine memory M_f only',
    writes: 'coarse memory M_c: a user profile (situations, behaviour patterns, preferences)',
    reward: 'Eq. 10: a frozen judge scores the profile against a rubric',
    prompt: PROFILER_PROMPT,
    parse: parseProfiler,
  }),
  retriever: Object.freeze({
    name: 'retriever',
    title: 'Retriever',
    reads: 'M_f, M_c, the question and its four options',
    writes: 'the evidence in <information> and the chosen option in <final_answer>',
    reward: 'Eq. 11: β·coverage + (1−β)·Jaccard of the evidence against the gold evidence turns (with answer_grounding γ > 0: (1 − γ)·Eq. 11 + γ·the copied answer\'s best token F1 against a gold turn)',
    prompt: RETRIEVER_PROMPT,
    parse: parseRetriever,
  }),
} satisfies Record<AgentName, AgentSpec>);

/** The default prompt templates for an answer format: the Retriever's asks for a letter or for the option's words. */
export function defaultTemplates(format: AnswerFormat = 'letter'): PerAgent<PromptTemplate> {
  return perAgent((n) => (n === 'retriever' && format === 'text' ? RETRIEVER_TEXT_PROMPT : AGENTS[n].prompt));
}

/** The default prompt texts for an answer format (what the setup panel starts from and resets to). */
export function defaultPromptTexts(format: AnswerFormat = 'letter'): PerAgent<string> {
  const t = defaultTemplates(format);
  return perAgent((n) => t[n].text);
}

/** The agents' specs in pipeline order. */
export function agentsInOrder(): readonly AgentSpec[] {
  return AGENT_NAMES.map((n) => AGENTS[n]);
}

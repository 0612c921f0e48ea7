// The Retriever's prompt: from M = {M_f, M_c}, the query q and its four options, quote the evidence
// used in <information>…</information> and answer with (a)–(d) in <final_answer>…</final_answer>.

import { renderPrompt, type PromptTemplate } from '../template';

/**
 * Slots: `memory` (M_f lines), `profile` (M_c), `question` (q), `options` (the four options, one per
 * line as "(a) …" to "(d) …"). Output format read by `parseRetriever`.
 */
export const RETRIEVER_PROMPT: PromptTemplate = Object.freeze({
  agent: 'retriever',
  slots: Object.freeze(['memory', 'profile', 'question', 'options']),
  text: [
    'You are the retriever of a personal assistant. Answer the user\'s message using their memory.',
    '',
    'Memory notes:',
    '{{memory}}',
    '',
    'User profile:',
    '{{profile}}',
    '',
    'User message: {{question}}',
    'Options:',
    '{{options}}',
    '',
    'First copy the memory notes you rely on, one per line starting with "- ", inside',
    '<information> and </information>. Then give the best option as its letter, like (b),',
    'inside <final_answer> and </final_answer>.',
  ].join('\n'),
});

export function renderRetrieverPrompt(slots: { memory: string; profile: string; question: string; options: string }): string {
  return renderPrompt(RETRIEVER_PROMPT, slots);
}

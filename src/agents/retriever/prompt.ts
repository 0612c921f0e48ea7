// The Retriever's prompts: from M = {M_f, M_c}, the query q and its four options, quote the evidence
// used in <information>…</information> and answer in <final_answer>…</final_answer>, with the option's
// letter (the paper's format) or with the option's words (answer_format "text").

import { renderPrompt, type PromptTemplate } from '../template';

/** The lines both formats share: the role, the memory, the profile, the message and its options, how to quote. */
const READ_MEMORY: readonly string[] = [
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
];

/**
 * Slots: `memory` (M_f lines), `profile` (M_c), `question` (q), `options` (the four options, one per
 * line as "(a) …" to "(d) …"). Output format read by `parseRetriever`.
 */
export const RETRIEVER_PROMPT: PromptTemplate = Object.freeze({
  agent: 'retriever',
  slots: Object.freeze(['memory', 'profile', 'question', 'options']),
  text: [...READ_MEMORY, '<information> and </information>. Then give the best option as its letter, like (b),', 'inside <final_answer> and </final_answer>.'].join('\n'),
});

/**
 * The text answer format: the same slots, options listed as "- …" lines without letters, and the answer
 * written as the chosen option's words (mapped back to an option by agents/retriever/answer.ts).
 */
export const RETRIEVER_TEXT_PROMPT: PromptTemplate = Object.freeze({
  agent: 'retriever',
  slots: RETRIEVER_PROMPT.slots,
  text: [...READ_MEMORY, '<information> and </information>. Then copy the note that answers the message', 'inside <final_answer> and </final_answer>: its words pick the option.'].join('\n'),
});

export function renderRetrieverPrompt(slots: { memory: string; profile: string; question: string; options: string }): string {
  return renderPrompt(RETRIEVER_PROMPT, slots);
}

// The Extractor's prompt: from the raw conversation history H, write the fine memory M_f — the
// turns worth keeping, one per line, redundant words removed. Slot: {{history}}.

import { renderPrompt, type PromptTemplate } from '../template';

/**
 * Slots: `history` — the conversation as `role: text` lines, one turn per line.
 * The output format (one `- ` line per kept turn) is what `parseExtractor` reads.
 */
export const EXTRACTOR_PROMPT: PromptTemplate = Object.freeze({
  agent: 'extractor',
  slots: Object.freeze(['history']),
  text: [
    'You are the memory extractor of a personal assistant.',
    'Read the conversation below and keep only what the user revealed about themselves:',
    'facts, situations, preferences and changes of preference, with the reasons they gave.',
    'Write each kept turn on its own line starting with "- ", shortened to the words that carry',
    'the information. Skip greetings, small talk and the assistant\'s own suggestions.',
    'Write nothing else.',
    '',
    'Conversation:',
    '{{history}}',
    '',
    'Memory:',
  ].join('\n'),
});

export function renderExtractorPrompt(slots: { history: string }): string {
  return renderPrompt(EXTRACTOR_PROMPT, slots);
}

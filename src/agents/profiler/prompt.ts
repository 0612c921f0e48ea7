// The Profiler's prompt: from the fine memory M_f only (never the raw history), write the coarse
// memory M_c — a user profile of situations, behaviour patterns and preferences. Slot: {{memory}}.

import { renderPrompt, type PromptTemplate } from '../template';

/**
 * Slots: `memory` — the Extractor's memory lines, one per line.
 * The output format (a `<profile>` block of `- ` facts under three headings) is what `parseProfiler` reads.
 */
export const PROFILER_PROMPT: PromptTemplate = Object.freeze({
  agent: 'profiler',
  slots: Object.freeze(['memory']),
  text: [
    'You are the profiler of a personal assistant.',
    'From the memory notes below, write a short profile of the user with three headings:',
    'Situations, Behaviour patterns, Preferences. Under each, write one fact per line starting',
    'with "- ". Use only what the notes say; do not guess. Put the profile inside',
    '<profile> and </profile>.',
    '',
    'Memory notes:',
    '{{memory}}',
    '',
    'Profile:',
  ].join('\n'),
});

export function renderProfilerPrompt(slots: { memory: string }): string {
  return renderPrompt(PROFILER_PROMPT, slots);
}

import { describe, expect, it } from 'vitest';
import { PromptSlotError } from './errors';
import { EXTRACTOR_PROMPT, renderExtractorPrompt } from './extractor/prompt';
import { PROFILER_PROMPT } from './profiler/prompt';
import { RETRIEVER_PROMPT, renderRetrieverPrompt } from './retriever/prompt';
import { checkTemplate, renderPrompt, slotsOf } from './template';

describe('prompt templates', () => {
  it('lists slots in first-use order', () => {
    expect(slotsOf('{{a}} and {{ b }} {{a}}')).toEqual(['a', 'b']);
  });
  it('fills every slot', () => {
    expect(renderPrompt({ agent: 'x', slots: ['q'], text: 'Q: {{q}} / {{ q }}' }, { q: 'hi' })).toBe('Q: hi / hi');
  });
  it('names a missing value and an unknown slot', () => {
    expect(() => renderPrompt({ agent: 'x', slots: ['q'], text: 'Q: {{q}}' }, {})).toThrow(PromptSlotError);
    expect(() => renderPrompt({ agent: 'x', slots: ['q'], text: 'Q: {{q}} {{qq}}' }, { q: '' })).toThrow(/\{\{qq\}\}.*not one of its slots/);
  });
  it('each agent prompt uses exactly its declared slots', () => {
    for (const t of [EXTRACTOR_PROMPT, PROFILER_PROMPT, RETRIEVER_PROMPT]) expect(checkTemplate(t)).toEqual([]);
    expect(checkTemplate({ agent: 'x', slots: ['a'], text: '{{b}}' })).toEqual(['missing slot {{a}}', 'unknown slot {{b}}']);
  });
  it('renders the agents’ prompts with their inputs', () => {
    expect(renderExtractorPrompt({ history: 'user: I love tea' })).toContain('user: I love tea');
    const p = renderRetrieverPrompt({ memory: '- tea', profile: 'likes tea', question: 'What to drink?', options: '(a) tea\n(b) coffee' });
    expect(p).toContain('(b) coffee');
    expect(p).not.toMatch(/\{\{/);
  });
});

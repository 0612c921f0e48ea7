import { describe, expect, it } from 'vitest';
import { AGENT_NAMES, AGENTS, agentsInOrder, isAgentName, perAgent } from './registry';

describe('agent registry', () => {
  it('lists the three agents in pipeline order, frozen', () => {
    expect(AGENT_NAMES).toEqual(['extractor', 'profiler', 'retriever']);
    expect(Object.isFrozen(AGENT_NAMES)).toBe(true);
    expect(Object.isFrozen(AGENTS)).toBe(true);
    expect(Object.isFrozen(AGENTS.retriever)).toBe(true);
    expect(agentsInOrder().map((a) => a.name)).toEqual(['extractor', 'profiler', 'retriever']);
  });
  it('each entry carries its prompt and a parser that never throws', () => {
    for (const a of agentsInOrder()) {
      expect(a.prompt.agent).toBe(a.name);
      const parsed = a.parse('garbage <information> (z)');
      expect(parsed.formatOk).toBe(false);
    }
  });
  it('checks names and builds per-agent records', () => {
    expect(isAgentName('profiler')).toBe(true);
    expect(isAgentName('critic')).toBe(false);
    expect(perAgent((n) => n.length)).toEqual({ extractor: 9, profiler: 8, retriever: 9 });
  });
});

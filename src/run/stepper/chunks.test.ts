import { describe, expect, it } from 'vitest';
import type { ExtractorChunkRow } from '../records';
import { chunkSteps } from './chunks';

const row = (index: number, memory: string[], over: Partial<ExtractorChunkRow> = {}): ExtractorChunkRow => ({
  index,
  first_turn: index * 3,
  last_turn: index * 3 + 2,
  input_tokens: 50,
  memory_in_tokens: 0,
  memory_tokens: 10 * memory.length,
  dropped_lines: 0,
  prompt_tokens: 90,
  completion_tokens: 12,
  format_ok: true,
  text: memory.map((m) => `- ${m}`).join('\n'),
  memory,
  ...over,
});

describe('chunkSteps', () => {
  it('marks each line of M_f carried or new, and lists lines rewritten away', () => {
    const steps = chunkSteps([row(0, ['a', 'b']), row(1, ['a', 'c'], { memory_in_tokens: 20, dropped_lines: 2 })]);
    expect(steps[0].lines).toEqual([
      { text: 'a', carried: false },
      { text: 'b', carried: false },
    ]);
    expect(steps[1].lines).toEqual([
      { text: 'a', carried: true },
      { text: 'c', carried: false },
    ]);
    expect(steps[1].removed).toEqual(['b']);
    expect(steps.map((s) => [s.turns, s.memoryInTokens, s.memoryTokens, s.capped])).toEqual([
      ['1–3', 0, 20, 0],
      ['4–6', 20, 20, 2],
    ]);
  });
});

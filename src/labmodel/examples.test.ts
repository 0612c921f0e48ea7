import { describe, expect, it } from 'vitest';
import { evidenceEmphasis } from './build';
import { supervisedExample, tokenAtChar } from './examples';

/** One id per character: the decoded text of ids is their characters. */
const chars = (s: string) => [...s].map((c) => c.charCodeAt(0));
const decode = (ids: readonly number[]) => String.fromCharCode(...ids);

describe('supervisedExample', () => {
  it('weighs the completion 1, the prompt promptWeight and an emphasized span its weight', () => {
    const ex = supervisedExample([10, 11, 12], [20, 21, 22, 23], 2, 100, 0, { index: 1, weight: 4, length: 2 });
    expect(ex?.targets).toEqual([11, 12, 20, 21, 22, 23, 2]);
    expect(ex?.weights).toEqual([0, 0, 1, 4, 4, 1, 1]);
  });

  it('emphasizes one token when no length is given, and drops sequences over maxLength', () => {
    expect(supervisedExample([10, 11], [20, 21], 2, 100, 0.5, { index: 0, weight: 2 })?.weights).toEqual([0.5, 2, 1, 1]);
    expect(supervisedExample([10, 11], [20, 21], 2, 3)).toBeUndefined();
  });
});

describe('evidenceEmphasis', () => {
  it("covers the Retriever's first evidence note, the line it picks to copy", () => {
    const text = '<information>\n- for sport, i switched to climbing\n- my pet is a cat\n</information>\n<final_answer>climbing</final_answer>';
    const ids = chars(text);
    const span = evidenceEmphasis(text, ids, decode, 4);
    expect(span && decode(ids.slice(span.index, span.index + (span.length ?? 1)))).toBe('for sport, i switched to climbing');
    expect(span?.weight).toBe(4);
    expect(tokenAtChar(ids, text.length, decode)).toBeUndefined();
  });

  it('finds nothing without an evidence block', () => {
    expect(evidenceEmphasis('<final_answer>(b)</final_answer>', chars('<final_answer>(b)</final_answer>'), decode, 4)).toBeUndefined();
  });
});

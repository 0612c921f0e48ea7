import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../env/rng';
import { fixtureFiles } from '../../model/testing/fixtures';
import { loadTokenizer } from '../../model/tokenizer';
import { capMemory, chunkSlot, renderCarried } from './memory';

describe('carried memory', () => {
  let count: (t: string) => number;
  beforeAll(async () => {
    const tok = await loadTokenizer(fixtureFiles('tiny-llama-f32'));
    count = (t) => tok.encode(t, { addSpecialTokens: false }).length;
  });

  it('capMemory never passes the cap and keeps the written order, whole lines first', () => {
    const rng = createRng(4);
    const words = ['likes', 'green', 'tea', 'moved', 'to', 'Oslo', 'runs', 'on', 'weekends', 'nurse', 'café'];
    for (let trial = 0; trial < 200; trial++) {
      const lines = Array.from({ length: 1 + rng.int(8) }, () => Array.from({ length: 1 + rng.int(10) }, () => rng.pick(words)).join(' '));
      const cap = 4 + rng.int(80);
      const m = capMemory(lines, cap, count);
      expect(m.tokens).toBeLessThanOrEqual(cap);
      expect(m.tokens).toBe(m.lines.length === 0 ? 0 : count(renderCarried(m.lines)));
      const whole = m.lines.length - (m.dropped > 0 && m.lines.length > 0 && !lines.includes(m.lines[m.lines.length - 1]) ? 1 : 0);
      expect(m.lines.slice(0, whole)).toEqual(lines.slice(0, whole));
      expect(m.dropped).toBe(lines.length - whole);
    }
  });

  it('a memory under the cap is kept as written', () => {
    const m = capMemory(['likes green tea', 'moved to Oslo'], 1000, count);
    expect(m).toEqual({ lines: ['likes green tea', 'moved to Oslo'], tokens: count('memory: likes green tea\nmemory: moved to Oslo'), dropped: 0 });
  });

  it('the first chunk (no memory) reads exactly the unchunked history slot', () => {
    expect(chunkSlot([], ['user: hi', 'assistant: hello'])).toBe('user: hi\nassistant: hello');
    expect(chunkSlot(['likes tea'], ['user: hi'])).toBe('memory: likes tea\nuser: hi');
  });
});

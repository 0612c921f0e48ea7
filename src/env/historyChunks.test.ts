import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureFiles } from '../model/testing/fixtures';
import { loadTokenizer, type LabTokenizer } from '../model/tokenizer';
import { renderTurn } from './chunk';
import { chunkTurns, splitWithin } from './historyChunks';
import { createRng } from './rng';
import type { Turn } from './types';

const WORDS = ['tea', 'Oslo', 'running', 'jazz', 'I', 'like', 'the', 'weekend', 'pottery', 'moved', 'antidisestablishmentarianism', '½', 'café', '42'];

function randomHistory(seed: number, turns: number, maxWords: number): Turn[] {
  const rng = createRng(seed);
  return Array.from({ length: turns }, (_, i) => ({
    id: `c:${i}`,
    index: i,
    role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
    session: 0,
    content: Array.from({ length: 1 + rng.int(maxWords) }, () => rng.pick(WORDS)).join(' '),
  }));
}

describe('chunkTurns (history chunks measured with the model tokenizer)', () => {
  let tok: LabTokenizer;
  let count: (t: string) => number;
  beforeAll(async () => {
    tok = await loadTokenizer(fixtureFiles('tiny-llama-f32'));
    count = (t) => tok.encode(t, { addSpecialTokens: false }).length;
  });

  it('never lets a chunk pass chunk_tokens, over many seeds and budgets, long turns included', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const history = randomHistory(seed, 20, seed % 3 === 0 ? 80 : 12);
      for (const budget of [16, 24, 64, 200]) {
        const chunks = chunkTurns(history, budget, count);
        for (const c of chunks) {
          expect(count(c.lines.join('\n'))).toBe(c.tokens);
          expect(c.tokens).toBeLessThanOrEqual(budget);
        }
      }
    }
  });

  it('keeps every character of H in order (a word over budget cut by characters), and every whole turn as it renders', () => {
    const history = randomHistory(7, 30, 60);
    const chunks = chunkTurns(history, 20, count);
    const bare = (s: string) => s.replace(/\s+/g, '');
    const read = chunks.flatMap((c) => c.lines.map((l) => bare(l.slice(l.indexOf(': ') + 2))));
    expect(read.join('')).toBe(history.map((t) => bare(t.content)).join(''));
    const whole = chunkTurns(history.slice(0, 4), 10_000, count);
    expect(whole).toHaveLength(1);
    expect(whole[0].lines).toEqual(history.slice(0, 4).map(renderTurn));
    expect([whole[0].first, whole[0].last]).toEqual([0, 3]);
  });

  it('chunks cover the turns in order (first/last), the same input giving the same chunks', () => {
    const history = randomHistory(3, 25, 15);
    const a = chunkTurns(history, 30, count);
    expect(chunkTurns(history, 30, count)).toEqual(a);
    expect(a[0].first).toBe(0);
    expect(a[a.length - 1].last).toBe(history.length - 1);
    for (let i = 1; i < a.length; i++) expect(a[i].first === a[i - 1].last || a[i].first === a[i - 1].last + 1).toBe(true);
  });

  it('splitWithin cuts a word longer than the budget by characters, and refuses a budget the role cannot fit in', () => {
    const pieces = splitWithin('user: ', 'antidisestablishmentarianism'.repeat(4), 8, count);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(count(p)).toBeLessThanOrEqual(8);
    expect(pieces.map((p) => p.slice('user: '.length)).join('')).toBe('antidisestablishmentarianism'.repeat(4));
    expect(() => chunkTurns(randomHistory(1, 2, 3), 1, count)).toThrow(/raise chunk_tokens/);
    // "assistant: ½" is 13 tokens here: a 12-token chunk cannot hold the role and that one character.
    expect(() => splitWithin('assistant: ', '½', 12, count)).toThrow(/raise chunk_tokens/);
  });
});

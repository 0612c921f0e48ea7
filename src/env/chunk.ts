// Chunking a history to a token budget: consecutive turns packed into chunks of at most `budget`
// tokens, never splitting a turn unless that one turn is over budget on its own.

import type { Turn } from './types';

export type CountTokens = (text: string) => number;

export interface Chunk {
  turns: Turn[];
  tokens: number;
}

/** How a turn is rendered for the agents (and counted): `role: content`. */
export function renderTurn(turn: Turn): string {
  return `${turn.role}: ${turn.content}`;
}

/**
 * Example: turns of 3, 4 and 5 tokens with budget 8 → chunks [3+4], [5].
 * A single turn over budget gets a chunk of its own (its count is reported, not truncated).
 */
export function chunkHistory(turns: readonly Turn[], budget: number, countTokens: CountTokens): Chunk[] {
  if (!(budget > 0)) throw new RangeError(`chunk budget must be positive, got ${budget}`);
  const chunks: Chunk[] = [];
  let current: Chunk = { turns: [], tokens: 0 };
  for (const turn of turns) {
    const n = countTokens(renderTurn(turn));
    if (current.turns.length > 0 && current.tokens + n > budget) {
      chunks.push(current);
      current = { turns: [], tokens: 0 };
    }
    current.turns.push(turn);
    current.tokens += n;
  }
  if (current.turns.length > 0) chunks.push(current);
  return chunks;
}

/** The most recent turns that fit in `budget` tokens (truncated-history baseline). */
export function lastTurnsWithin(turns: readonly Turn[], budget: number, countTokens: CountTokens): Turn[] {
  const out: Turn[] = [];
  let used = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const n = countTokens(renderTurn(turns[i]));
    if (used + n > budget) break;
    out.unshift(turns[i]);
    used += n;
  }
  return out;
}

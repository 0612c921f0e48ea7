// The history as the chunked Extractor reads it: consecutive `role: content` lines packed into chunks
// whose joined text is at most `chunkTokens` tokens by the model's tokenizer (measured, never estimated).

import { renderTurn, type CountTokens } from './chunk';
import type { Turn } from './types';

/** One chunk: the lines it shows (one per turn, or a piece of a turn too long for any chunk). */
export interface HistoryChunk {
  /** `role: content` lines, in conversation order; joined by "\n" they are the chunk's text. */
  lines: string[];
  /** Index (into the history) of the first and last turn with a line in this chunk. */
  first: number;
  last: number;
  /** Tokens of `lines.join("\n")`, at most the budget. */
  tokens: number;
}

/** The longest prefix of `words` (joined by spaces, after `prefix`) within `budget` tokens; 0 when not even one fits. */
function wordsWithin(prefix: string, words: readonly string[], budget: number, count: CountTokens): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(prefix + words.slice(0, mid).join(' ')) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The longest prefix of `text`'s characters after `prefix` within `budget` tokens (for a single word over budget). */
function charsWithin(prefix: string, text: string, budget: number, count: CountTokens): number {
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(prefix + text.slice(0, mid)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * `text` cut into pieces `prefix + part`, each within `budget` tokens: whole words where one fits,
 * characters where a single word is over budget. Throws RangeError when the prefix and one character do
 * not fit.
 * Example: prefix "user: ", "a b c d" with room for two words → ["user: a b", "user: c d"].
 */
export function splitWithin(prefix: string, text: string, budget: number, count: CountTokens): string[] {
  if (count(prefix) >= budget) throw new RangeError(`a chunk of ${budget} tokens cannot hold even "${prefix.trim()}"; raise chunk_tokens`);
  const pieces: string[] = [];
  let words = text.split(/\s+/).filter((w) => w !== '');
  while (words.length > 0) {
    const n = wordsWithin(prefix, words, budget, count);
    if (n > 0) {
      pieces.push(prefix + words.slice(0, n).join(' '));
      words = words.slice(n);
      continue;
    }
    // One word longer than the budget: its characters, as many as fit.
    const word = words[0];
    const k = charsWithin(prefix, word, budget, count);
    if (k === 0) throw new RangeError(`a chunk of ${budget} tokens cannot hold "${prefix}" and one character of "${word}"; raise chunk_tokens`);
    pieces.push(prefix + word.slice(0, k));
    words = k < word.length ? [word.slice(k), ...words.slice(1)] : words.slice(1);
  }
  return pieces;
}

/**
 * Pack `turns` into chunks of at most `chunkTokens` tokens (the joined text, measured with `count`).
 * Turns stay whole unless one alone is over the budget; that one is cut into pieces of whole words
 * (each piece keeps its `role: ` prefix), so no chunk ever passes the budget.
 * Example: lines of 3, 4 and 5 tokens, a "\n" of 1, budget 8 → chunks [3 + 1 + 4], [5].
 */
export function chunkTurns(turns: readonly Turn[], chunkTokens: number, count: CountTokens): HistoryChunk[] {
  if (!Number.isInteger(chunkTokens) || chunkTokens < 1) throw new RangeError(`chunk_tokens must be a whole number ≥ 1, got ${chunkTokens}`);
  const chunks: HistoryChunk[] = [];
  let current: HistoryChunk | undefined;
  const close = () => {
    if (current) chunks.push(current);
    current = undefined;
  };
  turns.forEach((turn, i) => {
    const line = renderTurn(turn);
    const pieces = count(line) <= chunkTokens ? [line] : splitWithin(`${turn.role}: `, turn.content, chunkTokens, count);
    for (const piece of pieces) {
      if (current) {
        const tokens = count([...current.lines, piece].join('\n'));
        if (tokens <= chunkTokens) {
          current.lines.push(piece);
          current.last = i;
          current.tokens = tokens;
          continue;
        }
        close();
      }
      current = { lines: [piece], first: i, last: i, tokens: count(piece) };
    }
  });
  close();
  return chunks;
}

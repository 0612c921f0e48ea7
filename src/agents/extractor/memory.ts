// The Extractor's carried memory in chunked extraction: how M_f so far is shown to the next chunk's
// call (as `memory: …` lines before the chunk's turns) and the cap that keeps it within memory_tokens.

/** The role word of a carried memory line in the Extractor's {{history}} slot. */
export const MEMORY_ROLE = 'memory';

/** M_f so far as the next chunk's call reads it: one `memory: line` per line (nothing when empty). */
export function renderCarried(lines: readonly string[]): string {
  return lines.map((l) => `${MEMORY_ROLE}: ${l}`).join('\n');
}

/**
 * The {{history}} slot of one chunk's call: the carried memory lines, then the chunk's turns. With no
 * memory (the first chunk) it is the chunk's turns alone, exactly what the unchunked Extractor reads.
 * Example: memory ["likes tea"], lines ["user: hi"] → "memory: likes tea\nuser: hi".
 */
export function chunkSlot(memory: readonly string[], chunkLines: readonly string[]): string {
  return memory.length === 0 ? chunkLines.join('\n') : `${renderCarried(memory)}\n${chunkLines.join('\n')}`;
}

export interface CappedMemory {
  /** The lines kept (the last one possibly cut at a word). */
  lines: string[];
  /** Tokens of `renderCarried(lines)`, at most the cap. */
  tokens: number;
  /** Lines written that did not fit whole (cut or dropped). */
  dropped: number;
}

/**
 * Cap the memory the Extractor wrote at `cap` tokens of its carried form, keeping lines in the order it
 * wrote them: whole lines while they fit, then as many words of the next line as fit, nothing after
 * (the memory a generation cut at `cap` tokens would hold; MemAgent's memory is such a generation).
 * Example: lines of 5, 5 and 5 tokens (with their `memory: ` prefix), cap 12 → the first two whole,
 * a few words of the third if any fit, dropped 1.
 */
export function capMemory(lines: readonly string[], cap: number, count: (text: string) => number): CappedMemory {
  const kept: string[] = [];
  let tokens = 0;
  for (const [i, line] of lines.entries()) {
    const whole = count(renderCarried([...kept, line]));
    if (whole <= cap) {
      kept.push(line);
      tokens = whole;
      continue;
    }
    const words = line.split(/\s+/).filter((w) => w !== '');
    let lo = 0;
    let hi = words.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (count(renderCarried([...kept, words.slice(0, mid).join(' ')])) <= cap) lo = mid;
      else hi = mid - 1;
    }
    if (lo > 0) {
      kept.push(words.slice(0, lo).join(' '));
      tokens = count(renderCarried(kept));
    }
    return { lines: kept, tokens, dropped: lines.length - i };
  }
  return { lines: kept, tokens, dropped: 0 };
}

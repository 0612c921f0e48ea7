// The chunked Extractor's sequence as the stepper explains it: per chunk, the turns it read, its
// tokens against chunk_tokens, and how M_f changed (lines carried, written new, dropped) against memory_tokens.

import type { ExtractorChunkRow } from '../records';

export interface ChunkStep {
  index: number;
  /** 1-based turns of H, for display. */
  turns: string;
  inputTokens: number;
  memoryInTokens: number;
  memoryTokens: number;
  /** Lines the cap cut or dropped from what the call wrote. */
  capped: number;
  formatOk: boolean;
  /** M_f after the chunk, each line marked carried (it was in the memory read) or new. */
  lines: { text: string; carried: boolean }[];
  /** Lines of the memory read that the call did not write again (rewritten away). */
  removed: string[];
  /** The call's raw output. */
  text: string;
}

/**
 * Example: chunk 0 writes ["a", "b"], chunk 1 (reading them) writes ["a", "c"] → step 1 lines a
 * (carried), c (new), removed ["b"].
 */
export function chunkSteps(chunks: readonly ExtractorChunkRow[]): ChunkStep[] {
  let before: readonly string[] = [];
  return chunks.map((c) => {
    const read = new Set(before);
    const now = new Set(c.memory);
    const step: ChunkStep = {
      index: c.index,
      turns: c.last_turn < c.first_turn ? '(none)' : c.first_turn === c.last_turn ? `${c.first_turn + 1}` : `${c.first_turn + 1}–${c.last_turn + 1}`,
      inputTokens: c.input_tokens,
      memoryInTokens: c.memory_in_tokens,
      memoryTokens: c.memory_tokens,
      capped: c.dropped_lines,
      formatOk: c.format_ok,
      lines: c.memory.map((text) => ({ text, carried: read.has(text) })),
      removed: before.filter((l) => !now.has(l)),
      text: c.text,
    };
    before = c.memory;
    return step;
  });
}

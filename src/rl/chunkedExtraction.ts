// Chunked extraction (a Markovian memory, as MemAgent's): the Extractor reads H chunk by chunk, each call
// under the same adapter seeing the memory M_f it wrote so far and the next chunk, and rewrites M_f,
// capped at memory_tokens. The final M_f is the memory after the last chunk.

import { capMemory, chunkSlot } from '../agents/extractor/memory';
import { parseExtractor } from '../agents/extractor/parse';
import { renderPrompt, type PromptTemplate } from '../agents/template';
import { chunkTurns, type HistoryChunk } from '../env/historyChunks';
import type { Turn } from '../env/types';
import type { PromptCodec } from './codec';
import type { RlConfig } from './config';
import { RolloutInputError } from './errors';
import type { AgentSample } from './rollout';

export interface ChunkSettings {
  /** Most tokens of history per call (RlConfig.chunk_tokens). */
  chunkTokens: number;
  /** Most tokens of carried memory (RlConfig.memory_tokens), counted as the next call reads it. */
  memoryTokens: number;
}

/** What one chunk's call read and wrote in one trajectory. */
export interface ExtractorChunk {
  /** 0-based position of the chunk in H. */
  index: number;
  /** First and last turn of H (indices) the chunk shows. */
  first: number;
  last: number;
  /** Tokens of the chunk's history text (≤ chunk_tokens). */
  inputTokens: number;
  /** Tokens of the memory carried into the call (the previous chunk's memoryTokens; 0 for the first). */
  memoryInTokens: number;
  /** Tokens of the memory after the call, capped (≤ memory_tokens). */
  memoryTokens: number;
  /** Memory lines the call wrote that the cap cut or dropped. */
  dropped: number;
  /** M_f after this chunk (what the next call reads; after the last chunk, the team's M_f). */
  memory: string[];
  /** The call's output followed the Extractor's format. */
  formatOk: boolean;
  /** The call itself: prompt, completion, old log-probs. */
  sample: AgentSample;
}

/** The rollout's chunk settings from a config: undefined when chunk_tokens is null (chunking off). */
export function chunkSettings(rl: Pick<RlConfig, 'chunk_tokens' | 'memory_tokens'>): ChunkSettings | undefined {
  return rl.chunk_tokens === null ? undefined : { chunkTokens: rl.chunk_tokens, memoryTokens: rl.memory_tokens };
}

/** One chunk call's prompt. */
export interface ChunkCall {
  prompt: string;
  ids: number[];
}

/** A completion as the caller's generator returns it. */
export type ChunkCompletion = Pick<AgentSample, 'adapter' | 'text' | 'completionIds' | 'logprobs' | 'finish'>;

/**
 * Run a batch of chunk calls (all trajectories that have a chunk `chunk`, in row order) and return
 * their completions in the same order. The rollout's is one batched generate under the Extractor's adapter.
 */
export type CallChunks = (calls: readonly ChunkCall[], chunk: number, chunks: number) => Promise<ChunkCompletion[]>;

/**
 * Check before any call that a chunk and a full memory fit the Extractor's prompt within `limit` tokens
 * (template overhead + memory_tokens + chunk_tokens + the line between them). Throws RolloutInputError
 * naming the settings to lower.
 */
export function checkChunkFit(template: PromptTemplate, codec: PromptCodec, s: ChunkSettings, limit: number): void {
  for (const [field, v] of [['chunk_tokens', s.chunkTokens], ['memory_tokens', s.memoryTokens]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RolloutInputError(`${field} must be a whole number ≥ 1, got ${v}.`, { field });
  }
  const overhead = codec.encode(renderPrompt(template, { history: '' })).length;
  const need = overhead + s.memoryTokens + 1 + s.chunkTokens;
  if (need > limit) {
    throw new RolloutInputError(
      `Chunked extraction needs up to ${need} prompt tokens (template ${overhead} + memory_tokens ${s.memoryTokens} + chunk_tokens ${s.chunkTokens} + 1), over the ${limit} the model leaves after max_completion_length. Lower chunk_tokens or memory_tokens (or max_completion_length).`,
      { field: 'chunk_tokens', agent: 'extractor' },
    );
  }
}

/**
 * H of each item in chunks of at most `chunkTokens` tokens, counted with the codec's tokenizer. An empty
 * H is one empty chunk, so the Extractor is still called once (as it is without chunking).
 */
export function chunkHistories(histories: readonly (readonly Turn[])[], codec: PromptCodec, chunkTokens: number): HistoryChunk[][] {
  const count = (text: string) => codec.encodeText(text).length;
  return histories.map((h) => {
    let chunks: HistoryChunk[];
    try {
      chunks = chunkTurns(h, chunkTokens, count);
    } catch (err) {
      if (err instanceof RangeError) throw new RolloutInputError(`Chunked extraction: ${err.message}.`, { field: 'chunk_tokens', agent: 'extractor' });
      throw err;
    }
    return chunks.length > 0 ? chunks : [{ lines: [], first: 0, last: -1, tokens: 0 }];
  });
}

/**
 * The chunk loop for a batch of rows (trajectories), row r reading `chunks[rowItems[r]]`: for chunk
 * c = 0, 1, …, every row that has one is called once (one batch per c), its output parsed and capped
 * at memoryTokens, and carried into its next call.
 * Returns each row's chunks in order; the last one's `memory` is the row's M_f.
 */
export async function extractInChunks(
  template: PromptTemplate,
  chunks: readonly HistoryChunk[][],
  rowItems: readonly number[],
  codec: PromptCodec,
  s: ChunkSettings,
  limit: number,
  call: CallChunks,
): Promise<ExtractorChunk[][]> {
  const count = (text: string) => codec.encodeText(text).length;
  const out: ExtractorChunk[][] = rowItems.map(() => []);
  const memory: string[][] = rowItems.map(() => []);
  const memoryTokens = rowItems.map(() => 0);
  const most = Math.max(0, ...rowItems.map((item) => chunks[item].length));
  for (let c = 0; c < most; c++) {
    const rows = rowItems.flatMap((item, r) => (c < chunks[item].length ? [r] : []));
    const calls = rows.map((r) => {
      const chunk = chunks[rowItems[r]][c];
      const prompt = renderPrompt(template, { history: chunkSlot(memory[r], chunk.lines) });
      const ids = codec.encode(prompt);
      if (ids.length > limit) {
        throw new RolloutInputError(
          `The extractor prompt for chunk ${c + 1} is ${ids.length} tokens, over the limit of ${limit} (the model's positions less max_completion_length). Lower chunk_tokens (${s.chunkTokens}) or memory_tokens (${s.memoryTokens}).`,
          { field: 'chunk_tokens', agent: 'extractor' },
        );
      }
      return { prompt, ids };
    });
    const done = await call(calls, c, most);
    rows.forEach((r, k) => {
      const chunk = chunks[rowItems[r]][c];
      const parsed = parseExtractor(done[k].text);
      const capped = capMemory(parsed.value, s.memoryTokens, count);
      out[r].push({
        index: c,
        first: chunk.first,
        last: chunk.last,
        inputTokens: chunk.tokens,
        memoryInTokens: memoryTokens[r],
        memoryTokens: capped.tokens,
        dropped: capped.dropped,
        memory: capped.lines,
        formatOk: parsed.formatOk,
        sample: { ...done[k], prompt: calls[k].prompt, promptIds: calls[k].ids },
      });
      memory[r] = capped.lines;
      memoryTokens[r] = capped.tokens;
    });
  }
  return out;
}

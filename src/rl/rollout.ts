// The team rollout: for each (H, q) item, G trajectories Extractor → Profiler → Retriever, each agent
// sampled under its own adapter and batched across every trajectory of every item, with old log-probs.

import { parseExtractor } from '../agents/extractor/parse';
import { AGENT_NAMES, type AgentName, type PerAgent } from '../agents/names';
import { parseProfiler, type ParsedProfile } from '../agents/profiler/parse';
import type { AnswerFormat } from '../agents/retriever/answer';
import { answerReading, parseRetriever, type RetrieverOutput } from '../agents/retriever/parse';
import { renderPrompt, type PromptTemplate } from '../agents/template';
import { renderTurn } from '../env/chunk';
import { OPTION_LABELS, type Question, type Turn } from '../env/types';
import type { Engine } from '../model/engine';
import type { Rng } from '../model/rng';
import { scoringTemperature } from '../model/sampling';
import { checkChunkFit, chunkHistories, extractInChunks, type ChunkSettings, type ExtractorChunk } from './chunkedExtraction';
import type { PromptCodec } from './codec';
import { RolloutInputError } from './errors';

/** One (H, q): the history the Extractor reads and the question the Retriever answers. */
export interface RolloutItem {
  history: readonly Turn[];
  question: Pick<Question, 'query' | 'options'>;
}

/** Each agent's prompt template and the engine adapter it samples under (null = the frozen base). */
export interface TeamAgents {
  templates: PerAgent<PromptTemplate>;
  adapters: PerAgent<string | null>;
}

export interface RolloutSettings {
  /** G: trajectories per item. */
  groupSize: number;
  /** Sampling temperature (0 = greedy). */
  temperature: number;
  topP: number;
  /** New tokens per agent completion at most. */
  maxTokens: number;
  /**
   * Extractor prompt tokens at most: the oldest turns of H are dropped until it fits (default and cap:
   * the model's positions − maxTokens). The Profiler and Retriever drop their oldest memory lines when
   * their prompt would pass that cap, so prompt + completion never pass max_position_embeddings.
   */
  maxPromptTokens?: number;
  /** Compute each completion's per-token log-probs under its adapter (default true; eval can skip). */
  logprobs?: boolean;
  /**
   * Where those log-probs come from: 'forward' (default) scores prompt ‖ completion in a separate forward
   * pass, the policy exactly as the update's forward computes it (what a ratio over several passes needs);
   * 'sampling' reads them off the decode steps' own logits (the KV-cached pass that drew the tokens: equal
   * to the forward's up to float rounding, and no extra pass; enough where they are only recorded, as with
   * num_iterations 1, whose ratio uses the update's own log-probs).
   */
  logprobSource?: 'forward' | 'sampling';
  /** Sequences per log-prob forward pass (default: all of one agent's at once). */
  logprobBatch?: number;
  /** How the Retriever answers (RlConfig.answer_format; default the paper's letter). */
  answerFormat?: AnswerFormat;
  /**
   * Chunked extraction (RlConfig.chunk_tokens, memory_tokens): the Extractor reads all of H in chunks,
   * carrying its memory; maxPromptTokens then no longer cuts H. Absent = one call on the turns that fit.
   */
  chunks?: ChunkSettings;
}

/** What one agent did in one trajectory. */
export interface AgentSample {
  adapter: string | null;
  /** The rendered prompt text (before the chat template). */
  prompt: string;
  /** The completion text, special tokens dropped. */
  text: string;
  promptIds: number[];
  /** Sampled ids, the stop token included when one ended the completion. */
  completionIds: number[];
  /** log π_old(completionIds[j] | prefix) at the sampling temperature; [] when logprobs is off. */
  logprobs: number[];
  finish: 'stop' | 'length';
}

export interface TeamTrajectory {
  /** Index of the item (group) in the call's items. */
  item: number;
  /** Index of the trajectory within its group, 0 … G−1. */
  index: number;
  agents: PerAgent<AgentSample>;
  parsed: { extractor: string[]; profiler: ParsedProfile; retriever: RetrieverOutput };
  formatOk: PerAgent<boolean>;
  /** Turns of H the Extractor saw (fewer than H when maxPromptTokens dropped old ones; all of H when chunked). */
  historyTurns: number;
  /**
   * Chunked extraction only: every chunk's call in order (`agents.extractor` is the last one's, and
   * `parsed.extractor` the capped memory after it).
   */
  extractorChunks?: ExtractorChunk[];
}

export interface RolloutProgress {
  agent: AgentName;
  /** 1-based position of the agent in the pipeline (1 … 3). */
  agentIndex: number;
  /** 1-based trajectory index within its group. */
  trajectory: number;
  groupSize: number;
  /** 1-based item (group) index, of `items`. */
  item: number;
  items: number;
  /** Completions sampled so far, of `total` = 3 · items · G. */
  done: number;
  total: number;
  /** e.g. "sampling agent 2 of 3 for trajectory 5 of 8". */
  label: string;
  /** While an agent's batch decodes: tokens decoded so far (0 = prefill), of `maxTokens`. */
  token?: number;
  maxTokens?: number;
}

/**
 * The options as the Retriever prompt lists them: "(a) …" to "(d) …" for the letter format, "- …" lines
 * for the text format (no letters to copy instead of words).
 */
export function renderOptions(options: readonly string[], format: AnswerFormat = 'letter'): string {
  return options.map((o, i) => (format === 'text' ? `- ${o}` : `(${OPTION_LABELS[i] ?? String(i)}) ${o}`)).join('\n');
}

/** Memory lines as the Profiler and Retriever read them: one "- " line each ("(none)" when empty). */
export function renderMemory(lines: readonly string[]): string {
  return lines.length === 0 ? '(none)' : lines.map((l) => `- ${l}`).join('\n');
}

/**
 * A prompt built from the last `keep` of `count` units (history turns or memory lines), keeping as many
 * recent units as fit in `maxTokens` (binary search on `keep`). Throws RolloutInputError, naming the
 * agent, when even zero units do not fit.
 */
export function fitPrompt(
  agent: AgentName,
  count: number,
  render: (keep: number) => string,
  codec: PromptCodec,
  maxTokens?: number,
): { prompt: string; ids: number[]; kept: number } {
  const build = (keep: number) => {
    const prompt = render(keep);
    return { prompt, ids: codec.encode(prompt), kept: keep };
  };
  const full = build(count);
  if (maxTokens === undefined || full.ids.length <= maxTokens) return full;
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (build(mid).ids.length <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  const fit = build(lo);
  if (fit.ids.length > maxTokens) {
    const what = agent === 'extractor' ? 'no history' : 'no memory lines';
    throw new RolloutInputError(
      `The ${agent} prompt is ${fit.ids.length} tokens even with ${what}, over the limit of ${maxTokens} (maxPromptTokens for the extractor; the model's positions less max_completion_length for every agent). Shorten the ${agent} template, lower max_completion_length, or raise maxPromptTokens.`,
      { field: 'maxPromptTokens', agent },
    );
  }
  return fit;
}

/**
 * The Extractor prompt for H, dropping the oldest turns while it is over `maxTokens`.
 * Returns the prompt, its ids and how many turns it kept.
 */
export function extractorPrompt(
  template: PromptTemplate,
  history: readonly Turn[],
  codec: PromptCodec,
  maxTokens?: number,
): { prompt: string; ids: number[]; turns: number } {
  const fit = fitPrompt('extractor', history.length, (keep) => renderPrompt(template, { history: history.slice(history.length - keep).map(renderTurn).join('\n') }), codec, maxTokens);
  return { prompt: fit.prompt, ids: fit.ids, turns: fit.kept };
}

function checkSettings(items: readonly RolloutItem[], s: RolloutSettings): void {
  if (items.length === 0) throw new RolloutInputError('The rollout got no (H, q) items; pass at least one.', { field: 'items' });
  if (!Number.isInteger(s.groupSize) || s.groupSize < 1) throw new RolloutInputError(`groupSize must be a whole number ≥ 1, got ${s.groupSize}.`, { field: 'groupSize' });
  if (!Number.isInteger(s.maxTokens) || s.maxTokens < 1) throw new RolloutInputError(`maxTokens must be a whole number ≥ 1, got ${s.maxTokens}.`, { field: 'maxTokens' });
  items.forEach((it, i) => {
    const n: number = it.question.options.length;
    if (n !== 4) {
      throw new RolloutInputError(`Item ${i} has ${n} options; a question needs exactly 4.`, { field: 'options', row: i });
    }
  });
}

/**
 * Per-token log-probs of each completion given its prompt, under the engine's active adapter:
 * sequences prompt ‖ completion right-padded into [B, T]; row b's completion token j sits at
 * position |prompt_b| + j, whose log-prob is column |prompt_b| + j − 1 of the [B, T−1] output.
 */
export async function completionLogprobs(
  engine: Engine,
  rows: readonly { promptIds: readonly number[]; completionIds: readonly number[] }[],
  temperature: number,
  batchSize = rows.length,
): Promise<number[][]> {
  const out: number[][] = [];
  for (let start = 0; start < rows.length; start += Math.max(1, batchSize)) {
    const part = rows.slice(start, start + Math.max(1, batchSize));
    const seqs = part.map((r) => [...r.promptIds, ...r.completionIds]);
    const width = Math.max(2, ...seqs.map((s) => s.length));
    const batch = {
      ids: seqs.map((s) => [...s, ...Array<number>(width - s.length).fill(0)]),
      valid: seqs.map((s) => [...Array<number>(s.length).fill(1), ...Array<number>(width - s.length).fill(0)]),
    };
    const lp = engine.tokenLogprobs(batch, { temperature: scoringTemperature(temperature) }); // [B, T-1]
    const flat = (await lp.data()) as Float32Array;
    lp.dispose();
    part.forEach((r, b) => {
      const p = r.promptIds.length;
      out.push(r.completionIds.map((_, j) => flat[b * (width - 1) + p + j - 1] ?? Number.NaN));
    });
  }
  return out;
}

interface Pending {
  prompt: string;
  ids: number[];
}

/**
 * Sample G trajectories for every item. Each agent runs once over all items × G rows (one batched,
 * KV-cached generate under its adapter), its outputs parsed and rendered into the next agent's prompt.
 * The RNG advances in a fixed order (agent, then decode step, then row), so the same seed, backend
 * and inputs give the same trajectories. Returns trajectories as [item][g].
 */
export async function sampleTeam(
  engine: Engine,
  codec: PromptCodec,
  agents: TeamAgents,
  items: readonly RolloutItem[],
  settings: RolloutSettings,
  rng: Rng,
  onProgress?: (p: RolloutProgress) => void,
): Promise<TeamTrajectory[][]> {
  checkSettings(items, settings);
  const g = settings.groupSize;
  const rows = items.flatMap((_, item) => Array.from({ length: g }, (_unused, index) => ({ item, index })));
  const total = AGENT_NAMES.length * rows.length;
  const samples: Partial<PerAgent<AgentSample[]>> = {};
  // Prompt + completion must stay within the model's positions (its RoPE tables end there).
  const positions = engine.config.maxPositionEmbeddings - settings.maxTokens;
  const limit = Math.min(settings.maxPromptTokens ?? positions, positions);
  const chunked = settings.chunks ? chunkHistories(items.map((it) => it.history), codec, settings.chunks.chunkTokens) : undefined;
  if (settings.chunks) checkChunkFit(agents.templates.extractor, codec, settings.chunks, positions);
  // Without chunking the Extractor reads the most recent turns of H that fit its prompt.
  const extract = chunked ? [] : items.map((it) => extractorPrompt(agents.templates.extractor, it.history, codec, limit));
  let extractorChunks: ExtractorChunk[][] | undefined;
  const parsedEx: string[][] = [];
  const parsedPr: ParsedProfile[] = [];
  const parsedRe: RetrieverOutput[] = [];
  const formatOk = rows.map(() => ({ extractor: false, profiler: false, retriever: false }));
  let done = 0;
  const previous = engine.activeAdapter;
  // One batched, KV-cached generate of `prompts` under the active adapter, then their old log-probs.
  const generateBatch = async (agent: AgentName, k: number, prompts: readonly Pending[], chunk = ''): Promise<AgentSample[]> => {
    // The whole batch (every trajectory of every item) decodes together: report its tokens as they come.
    const decoding = (token: number) =>
      onProgress?.({
        agent,
        agentIndex: k + 1,
        trajectory: 1,
        groupSize: g,
        item: 1,
        items: items.length,
        done,
        total,
        token,
        maxTokens: settings.maxTokens,
        label: `sampling agent ${k + 1} of ${AGENT_NAMES.length}${chunk} for trajectory ${g > 1 ? `1–${g}` : '1'} of ${g}: ${token === 0 ? 'prefill' : `token ${token} of ${settings.maxTokens}`}`,
      });
    decoding(0);
    const fromSampling = settings.logprobs !== false && settings.logprobSource === 'sampling';
    const gens = await engine.generate(
      prompts.map((p) => p.ids),
      { temperature: settings.temperature, topP: settings.topP, maxTokens: settings.maxTokens, stopTokens: codec.stopTokens, rng, onStep: (s) => decoding(s + 1), logprobs: fromSampling },
    );
    const completions = prompts.map((p, r) => ({ promptIds: p.ids, completionIds: gens[r].ids }));
    const logprobs =
      settings.logprobs === false
        ? completions.map(() => [])
        : fromSampling
          ? gens.map((gen) => {
              if (gen.logprobs?.length !== gen.ids.length) throw new Error(`The engine returned ${gen.logprobs?.length ?? 'no'} sampling log-probs for ${gen.ids.length} tokens; set logprobSource to "forward".`);
              return gen.logprobs;
            })
          : await completionLogprobs(engine, completions, settings.temperature, settings.logprobBatch);
    return prompts.map((p, r) => ({
      adapter: agents.adapters[agent],
      prompt: p.prompt,
      text: codec.decode(gens[r].ids),
      promptIds: p.ids,
      completionIds: gens[r].ids,
      logprobs: logprobs[r],
      finish: gens[r].finish,
    }));
  };
  try {
    for (const [k, agent] of AGENT_NAMES.entries()) {
      engine.setActiveAdapter(agents.adapters[agent]);
      let batch: AgentSample[];
      if (agent === 'extractor' && chunked) {
        // Chunked extraction: one call per chunk, each reading the memory the previous one wrote.
        const perRow = await extractInChunks(agents.templates.extractor, chunked, rows.map((r) => r.item), codec, settings.chunks!, positions, (calls, c, count) =>
          generateBatch(agent, k, calls, count > 1 ? `, chunk ${c + 1} of ${count}` : ''),
        );
        extractorChunks = perRow;
        batch = perRow.map((cs) => cs[cs.length - 1].sample);
      } else {
        const prompts: Pending[] = rows.map(({ item }, r) => {
          const q = items[item].question;
          if (agent === 'extractor') return { prompt: extract[item].prompt, ids: extract[item].ids };
          // The Profiler and Retriever keep the most recent memory lines that fit (the Extractor's output can be long).
          const lines = parsedEx[r];
          const render = (keep: number) => {
            const memory = renderMemory(lines.slice(lines.length - keep));
            return agent === 'profiler'
              ? renderPrompt(agents.templates.profiler, { memory })
              : renderPrompt(agents.templates.retriever, {
                  memory,
                  profile: parsedPr[r].text === '' ? '(none)' : parsedPr[r].text,
                  question: q.query,
                  options: renderOptions(q.options, settings.answerFormat),
                });
          };
          const fit = fitPrompt(agent, lines.length, render, codec, positions);
          return { prompt: fit.prompt, ids: fit.ids };
        });
        batch = await generateBatch(agent, k, prompts);
      }
      samples[agent] = batch;
      batch.forEach((s, r) => {
        if (agent === 'extractor' && extractorChunks) {
          // The team's M_f is the capped memory after the last chunk; the format holds when every call's did.
          const cs = extractorChunks[r];
          parsedEx[r] = cs[cs.length - 1].memory;
          formatOk[r].extractor = cs.every((c) => c.formatOk);
        } else if (agent === 'extractor') {
          const parsed = parseExtractor(s.text);
          parsedEx[r] = parsed.value;
          formatOk[r].extractor = parsed.formatOk;
        } else if (agent === 'profiler') {
          const parsed = parseProfiler(s.text);
          parsedPr[r] = parsed.value;
          formatOk[r].profiler = parsed.formatOk;
        } else {
          const parsed = parseRetriever(s.text, answerReading(settings.answerFormat ?? 'letter', items[rows[r].item].question.options));
          parsedRe[r] = parsed.value;
          formatOk[r].retriever = parsed.formatOk;
        }
        done += 1;
        onProgress?.({
          agent,
          agentIndex: k + 1,
          trajectory: rows[r].index + 1,
          groupSize: g,
          item: rows[r].item + 1,
          items: items.length,
          done,
          total,
          label: `sampling agent ${k + 1} of ${AGENT_NAMES.length} for trajectory ${rows[r].index + 1} of ${g}` + (items.length > 1 ? ` (question ${rows[r].item + 1} of ${items.length})` : ''),
        });
      });
    }
  } finally {
    engine.setActiveAdapter(previous);
  }
  const out: TeamTrajectory[][] = items.map(() => []);
  rows.forEach(({ item, index }, r) => {
    out[item].push({
      item,
      index,
      agents: { extractor: samples.extractor![r], profiler: samples.profiler![r], retriever: samples.retriever![r] },
      parsed: { extractor: parsedEx[r], profiler: parsedPr[r], retriever: parsedRe[r] },
      formatOk: formatOk[r],
      historyTurns: chunked ? items[item].history.length : extract[item].turns,
      ...(extractorChunks ? { extractorChunks: extractorChunks[r] } : {}),
    });
  });
  return out;
}

/** One group: G trajectories for a single (H, q). */
export async function sampleGroup(
  engine: Engine,
  codec: PromptCodec,
  agents: TeamAgents,
  item: RolloutItem,
  settings: RolloutSettings,
  rng: Rng,
  onProgress?: (p: RolloutProgress) => void,
): Promise<TeamTrajectory[]> {
  const [group] = await sampleTeam(engine, codec, agents, [item], settings, rng, onProgress);
  return group;
}

/** The registry's default templates with edited texts (RunSetup.prompts) swapped in. */
export function templatesWithText(defaults: PerAgent<PromptTemplate>, texts?: Partial<PerAgent<string>>): PerAgent<PromptTemplate> {
  const pick = (n: AgentName): PromptTemplate => (texts?.[n] === undefined ? defaults[n] : { ...defaults[n], text: texts[n] });
  return { extractor: pick('extractor'), profiler: pick('profiler'), retriever: pick('retriever') };
}

// The rows a run stores (metrics.jsonl / the metrics table, trajectories.jsonl / the trajectories table,
// memory.jsonl / the memory table): one step's metrics; one trajectory with its rewards, credit and outputs,
// its Extractor chunk calls, the judge's verdict; the memory items with their provenance; and how one GRPO
// step's results become them. Checkpoints and the run record are in ./runStore.ts.

import { perAgent, type AgentName, type PerAgent } from '../agents/names';
import type { agentAdvantages } from '../rl/advantages';
import type { ExtractorChunk } from '../rl/chunkedExtraction';
import type { PromptCodec } from '../rl/codec';
import type { CreditResult } from '../rl/credit';
import type { TrajectoryRewards } from '../rl/rewards';
import type { TeamTrajectory } from '../rl/rollout';
import type { Problem } from '../rl/problem';

/** A reward summarised over one step's trajectories. */
export interface Stat {
  mean: number;
  min: number;
  max: number;
}

/** One line of metrics.jsonl and one point on every live chart. */
export interface StepMetrics {
  step: number;
  /** Each agent's local reward over the step's trajectories. */
  local: PerAgent<Stat>;
  /** The global reward (answer correct), i.e. accuracy over the step's trajectories. */
  global: Stat;
  /** Credit weights, averaged over the step's groups; they sum to 1 per group. */
  weights: PerAgent<number>;
  loss: PerAgent<number>;
  kl: PerAgent<number>;
  entropy: PerAgent<number>;
  gradNorm: PerAgent<number>;
  tokensPerSec: number;
  /** Fraction of (group, agent) pairs whose integrated rewards had zero spread (no learning signal). */
  zeroSpreadFraction: number;
  nanRewards: number;
  /** Agents whose update was skipped this step (non-finite loss or gradient). */
  skippedUpdates: AgentName[];
  wallMs: number;
}

/** One line of trajectories.jsonl / one row of the trajectories store. */
export interface TrajectoryRow {
  step: number;
  question_id: string;
  persona_id: string;
  question_type: string;
  /** Index of the group within the step. */
  group: number;
  /** Index of the trajectory within its group. */
  trajectory: number;
  local: PerAgent<number>;
  global: number;
  ndcg: PerAgent<number>;
  weights: PerAgent<number>;
  integrated: PerAgent<number>;
  advantage: PerAgent<number>;
  rank: PerAgent<number> & { global: number };
  format_ok: PerAgent<boolean>;
  /** The three agents' output texts. */
  outputs: PerAgent<string>;
  /** Per-token log-probs of each agent's completion at sampling time. */
  logprobs: PerAgent<number[]>;
  /** The option chosen (0–3) or null. */
  choice: number | null;
  /** Each agent's completion as one text piece per sampled token (aligned with `logprobs`); absent in rows stored before schema v3. */
  tokens?: PerAgent<string[]>;
  /** The judge's verdict on the profile (r1 = score), with its rubric parts and explanation; absent before schema v3. */
  judge?: StoredVerdict;
  /** How many of the most recent turns of H the Extractor saw (fewer when maxPromptTokens dropped old ones); absent before schema v3. */
  history_turns?: number;
  /**
   * Chunked extraction only (rl.chunk_tokens set): the Extractor's calls in order. `outputs.extractor`,
   * `logprobs.extractor` and `tokens.extractor` are the last call's; its `memory` is the M_f scored.
   */
  extractor_chunks?: ExtractorChunkRow[];
}

/** One chunk call of the Extractor as a trajectory row stores it. */
export interface ExtractorChunkRow {
  /** 0-based position of the chunk in H. */
  index: number;
  /** First and last turn of H (0-based) the chunk shows. */
  first_turn: number;
  last_turn: number;
  /** Tokens of the chunk's history (≤ chunk_tokens). */
  input_tokens: number;
  /** Tokens of the memory carried into the call (≤ memory_tokens). */
  memory_in_tokens: number;
  /** Tokens of M_f after the call, capped (≤ memory_tokens). */
  memory_tokens: number;
  /** Memory lines the call wrote that the cap cut or dropped. */
  dropped_lines: number;
  prompt_tokens: number;
  completion_tokens: number;
  format_ok: boolean;
  /** The call's output. */
  text: string;
  /** M_f after the call (the capped lines). */
  memory: string[];
}

/** A trajectory's chunk calls as stored rows. */
export function chunkRows(chunks: readonly ExtractorChunk[]): ExtractorChunkRow[] {
  return chunks.map((c) => ({
    index: c.index,
    first_turn: c.first,
    last_turn: c.last,
    input_tokens: c.inputTokens,
    memory_in_tokens: c.memoryInTokens,
    memory_tokens: c.memoryTokens,
    dropped_lines: c.dropped,
    prompt_tokens: c.sample.promptIds.length,
    completion_tokens: c.sample.completionIds.length,
    format_ok: c.formatOk,
    text: c.sample.text,
    memory: [...c.memory],
  }));
}

/** A JudgeVerdict as stored with its trajectory, with the judge's name. */
export interface StoredVerdict {
  name: string;
  score: number;
  parts: Record<string, number>;
  explanation: string;
}

/** A memory item with provenance: an M_f line or an M_c profile written by one trajectory. */
export interface MemoryItem {
  step: number;
  questionId: string;
  personaId: string;
  group: number;
  trajectory: number;
  agent: Extract<AgentName, 'extractor' | 'profiler'>;
  kind: 'fine' | 'coarse';
  text: string;
}

/** One step's trajectories as stored rows, group by group; `judgeName` names the profile judge in each verdict. */
export function trajectoryRows(
  step: number,
  problems: readonly Problem[],
  teams: readonly TeamTrajectory[][],
  rewards: readonly TrajectoryRewards[][],
  credits: readonly CreditResult[],
  adv: ReturnType<typeof agentAdvantages>,
  codec: PromptCodec,
  judgeName: string,
): TrajectoryRow[] {
  return teams.flatMap((team, q) =>
    team.map((t) => {
      const r = rewards[q][t.index];
      const c = credits[q];
      return {
        step,
        question_id: problems[q].question.id,
        persona_id: problems[q].question.personaId,
        question_type: problems[q].question.type,
        group: q,
        trajectory: t.index,
        local: { ...r.local },
        global: r.global,
        ndcg: { ...c.ndcg },
        weights: { ...c.weights },
        integrated: perAgent((n) => c.integrated[n][t.index]),
        advantage: perAgent((n) => adv[n].advantages[q][t.index]),
        rank: { ...perAgent((n) => c.ranks[n][t.index]), global: c.ranks.global[t.index] },
        format_ok: { ...r.formatOk },
        outputs: perAgent((n) => t.agents[n].text),
        logprobs: perAgent((n) => [...t.agents[n].logprobs]),
        choice: r.parsed.retriever.choice,
        tokens: perAgent((n) => t.agents[n].completionIds.map((id) => codec.decode([id]))),
        judge: { name: judgeName, score: r.details.profile.score, parts: { ...r.details.profile.parts }, explanation: r.details.profile.explanation },
        history_turns: t.historyTurns,
        ...(t.extractorChunks ? { extractor_chunks: chunkRows(t.extractorChunks) } : {}),
      };
    }),
  );
}

/** One step's memory items: each trajectory's M_f lines, then its M_c profile (when not empty). */
export function memoryItems(step: number, problems: readonly Problem[], teams: readonly TeamTrajectory[][]): MemoryItem[] {
  return teams.flatMap((team, q) =>
    team.flatMap((t) => {
      const base = { step, questionId: problems[q].question.id, personaId: problems[q].question.personaId, group: q, trajectory: t.index };
      const fine = t.parsed.extractor.map((text) => ({ ...base, agent: 'extractor' as const, kind: 'fine' as const, text }));
      const profile = t.parsed.profiler.text;
      return profile === '' ? fine : [...fine, { ...base, agent: 'profiler' as const, kind: 'coarse' as const, text: profile }];
    }),
  );
}

// One stored trajectory explained state by state (s0 → s3), recomputed from its texts with the same
// core functions the trainer scored it with (parsers, unit matching, set rewards), beside the stored numbers.

import { parseExtractor } from '../../agents/extractor/parse';
import { chunkSteps, type ChunkStep } from './chunks';
import { extractionReward } from '../../agents/extractor/reward';
import { matchUnits, type SetScore } from '../../agents/match';
import type { AgentName } from '../../agents/names';
import { parseProfiler, type ParsedProfile } from '../../agents/profiler/parse';
import { describeMapping, type AnswerMapping } from '../../agents/retriever/answer';
import { answerReading, parseRetriever } from '../../agents/retriever/parse';
import { globalReward, retrieverLocalReward } from '../../agents/retriever/reward';
import { OPTION_LABELS } from '../../env/types';
import type { RlConfig } from '../../rl/config';
import type { Problem } from '../../rl/problem';
import type { StoredVerdict, TrajectoryRow } from '../records';

export type Stage = 0 | 1 | 2 | 3;
export const STAGES: readonly Stage[] = Object.freeze([0, 1, 2, 3] as const);

export interface HistoryTurnView {
  id: string;
  role: string;
  content: string;
  /** A gold evidence turn of E_q. */
  evidence: boolean;
  /** Inside the recent turns the Extractor's prompt kept (all, when not recorded). */
  seen: boolean;
}

/** A predicted line (memory or <information>) and the gold unit it matched, if any. */
export interface LineView {
  text: string;
  match?: { gold: number; goldText: string; f1: number };
}

export interface SetTerms {
  lines: LineView[];
  score: SetScore;
  /** α of Eq. 9 or β of Eq. 11: the weight of coverage. */
  weight: number;
  tau: number;
  /** The reward the trainer stored for this agent. */
  stored: number;
  /** Whether the recomputed reward (with answer grounding, where the run used it) equals the stored one (NaN equals NaN). */
  agrees: boolean;
}

/** answer_grounding > 0: the Retriever's answer against its closest gold unit, and r2 = (1 − γ)·Eq. 11 + γ·g. */
export interface GroundingView {
  /** γ. */
  weight: number;
  answer: string;
  /** g: the answer's best token F1 against a gold unit. */
  f1: number;
  /** The gold unit reaching it (absent when none overlaps). */
  goldText?: string;
  /** r2 recomputed. */
  reward: number;
}

export interface OptionView {
  label: string;
  text: string;
  chosen: boolean;
  correct: boolean;
}

export interface TrajectoryExplanation {
  s0: { turns: HistoryTurnView[]; evidence: number };
  s1: SetTerms & {
    formatOk: boolean;
    /** Chunked extraction only: each chunk's call, with the run's caps (null when the run's config is not at hand). */
    chunks?: { steps: ChunkStep[]; chunkTokens: number | null; memoryTokens: number | null };
  };
  s2: { profile: ParsedProfile; formatOk: boolean; verdict?: StoredVerdict; stored: number };
  s3: {
    retrieval: SetTerms;
    /** Present when the run weighted answer grounding into r2 (answer_grounding > 0). */
    grounding?: GroundingView;
    options: OptionView[];
    choice: number | null;
    correct: number;
    global: number;
    storedGlobal: number;
    formatOk: boolean;
    query: string;
    /** answer_format "text": how the written answer was mapped to an option (scores per option, in words). */
    mapping?: AnswerMapping & { description: string };
  };
}

/** Two rewards agree when both are NaN or they differ by at most 1e-9. */
export function sameReward(a: number, b: number): boolean {
  return (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9;
}

function setTerms(lines: readonly string[], gold: readonly string[], score: SetScore, weight: number, tau: number, stored: number, reward = score.reward): SetTerms {
  const byLine = new Map(matchUnits(lines, gold, tau).map((m) => [m.predicted, m]));
  return {
    lines: lines.map((text, i) => {
      const m = byLine.get(i);
      return m ? { text, match: { gold: m.gold, goldText: gold[m.gold], f1: m.f1 } } : { text };
    }),
    score,
    weight,
    tau,
    stored,
    agrees: sameReward(reward, stored),
  };
}

/**
 * Explain one stored trajectory against its recovered (H, q) problem under the run's reward settings.
 * s1's coverage and Jaccard are `extractionReward` on the parsed M_f lines (Eq. 9); s3's are
 * `retrieverLocalReward` on the parsed <information> lines (Eq. 11) and, when the run weighted it, the
 * text answer's grounding (the r2 the trainer stored); r3 is `globalReward` (Eq. 12).
 * Example: M_f ["likes green tea", "said hello"], E_q ["I like green tea"], α 0.8, τ 0.5 → line 0
 * matches (F1 4/7), coverage 1, Jaccard 1/2, r0 0.9.
 */
export function explainTrajectory(
  row: Pick<TrajectoryRow, 'outputs' | 'local' | 'global' | 'judge' | 'history_turns' | 'extractor_chunks'>,
  problem: Problem,
  rl: Pick<RlConfig, 'extraction_alpha' | 'retrieval_beta' | 'match_threshold'> & Partial<Pick<RlConfig, 'answer_format' | 'answer_grounding' | 'chunk_tokens' | 'memory_tokens'>>,
): TrajectoryExplanation {
  const evidenceIds = new Set(problem.question.evidenceTurnIds);
  const seenFrom = problem.history.length - (row.history_turns ?? problem.history.length);
  const turns = problem.history.map((t, i) => ({ id: t.id, role: t.role, content: t.content, evidence: evidenceIds.has(t.id), seen: i >= seenFrom }));

  // A chunked Extractor's M_f is the capped memory after its last chunk; its format held when every call's did.
  const chunks = row.extractor_chunks;
  const last = chunks?.[chunks.length - 1];
  const ex = last ? { value: last.memory, formatOk: chunks?.every((c) => c.format_ok) ?? false } : parseExtractor(row.outputs.extractor);
  const exScore = extractionReward(ex.value, problem.gold.evidence, { alpha: rl.extraction_alpha, tau: rl.match_threshold });
  const pr = parseProfiler(row.outputs.profiler);
  // Runs stored before answer_format existed answered by letter.
  const re = parseRetriever(row.outputs.retriever, answerReading(rl.answer_format ?? 'letter', problem.question.options));
  const mapping = re.value.mapping;
  // Runs stored before answer_grounding existed scored Eq. 11 alone.
  const gamma = rl.answer_grounding ?? 0;
  const r2 = retrieverLocalReward(re.value, problem.gold.evidence, { beta: rl.retrieval_beta, tau: rl.match_threshold, grounding: gamma });
  const goldText = problem.gold.evidence[r2.grounding.gold];
  const choice = re.value.choice;
  return {
    s0: { turns, evidence: turns.filter((t) => t.evidence).length },
    s1: {
      ...setTerms(ex.value, problem.gold.evidence, exScore, rl.extraction_alpha, rl.match_threshold, row.local.extractor),
      formatOk: ex.formatOk,
      ...(chunks ? { chunks: { steps: chunkSteps(chunks), chunkTokens: rl.chunk_tokens ?? null, memoryTokens: rl.memory_tokens ?? null } } : {}),
    },
    s2: { profile: pr.value, formatOk: pr.formatOk, ...(row.judge ? { verdict: row.judge } : {}), stored: row.local.profiler },
    s3: {
      retrieval: setTerms(re.value.information, problem.gold.evidence, r2.evidence, rl.retrieval_beta, rl.match_threshold, row.local.retriever, r2.reward),
      ...(gamma > 0 ? { grounding: { weight: gamma, answer: mapping?.text ?? '', f1: r2.grounding.f1, ...(goldText === undefined ? {} : { goldText }), reward: r2.reward } } : {}),
      options: problem.question.options.map((text, i) => ({ label: `(${OPTION_LABELS[i]})`, text, chosen: choice === i, correct: problem.question.correct === i })),
      choice,
      correct: problem.question.correct,
      global: globalReward(choice, problem.question.correct),
      storedGlobal: row.global,
      formatOk: re.formatOk,
      query: problem.question.query,
      ...(mapping ? { mapping: { ...mapping, description: describeMapping(mapping) } } : {}),
    },
  };
}

/** Which agent acted to reach each state: s1 the Extractor, s2 the Profiler, s3 the Retriever. */
export function agentOfStage(stage: Stage): AgentName | undefined {
  return stage === 1 ? 'extractor' : stage === 2 ? 'profiler' : stage === 3 ? 'retriever' : undefined;
}

/** The next or previous state, clamped to s0 … s3. */
export function moveStage(stage: Stage, delta: -1 | 1): Stage {
  return Math.min(3, Math.max(0, stage + delta)) as Stage;
}

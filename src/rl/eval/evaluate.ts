// Accuracy on a split, overall and per question type, and the evidence recall of the memory the
// Retriever reads: the trained team (its three adapters, on the evidence session or the full history) or a baseline (the frozen base's Retriever on no memory, truncated history or RAG).

import { defaultTemplates } from '../../agents/registry';
import { AGENT_NAMES, perAgent, type PerAgent } from '../../agents/names';
import type { AnswerFormat } from '../../agents/retriever/answer';
import { answerReading, parseRetriever } from '../../agents/retriever/parse';
import { renderPrompt, type PromptTemplate } from '../../agents/template';
import { matchUnits } from '../../agents/match';
import { historyMode, type HistoryScope } from '../../env/mdp';
import type { Dataset } from '../../env/types';
import type { Engine } from '../../model/engine';
import { Rng } from '../../model/rng';
import type { ChunkSettings } from '../chunkedExtraction';
import type { PromptCodec } from '../codec';
import { fitPrompt, renderMemory, renderOptions, sampleTeam, templatesWithText } from '../rollout';
import { problemsOf, type Problem } from '../problem';
import { baselineMemory, type BaselineName, type BaselineOptions } from './baselines';

export interface EvalOptions {
  split: 'train' | 'val';
  /** 0 = greedy (default); the paper samples at 0.8. */
  temperature: number;
  maxTokens: number;
  /** Extractor prompt token limit (older turns dropped). */
  maxPromptTokens?: number;
  /** Evaluate only the first N questions of the split (default all). */
  limit?: number;
  /** Evaluate these questions (ids of the dataset, in this order) instead of the split's; `limit` still applies. */
  ids?: readonly string[];
  /**
   * Answers per question (default 1), each a full team trajectory: with temperature > 0 the report is the
   * mean over them (the paper samples its evaluation at 0.8). The team only.
   */
  samples?: number;
  /** Questions per batched generate (default 8). */
  batch?: number;
  /** The Retriever's answer format (RlConfig.answer_format; default the letter). */
  answerFormat?: AnswerFormat;
  /** Which H each question is run on (default "full", the paper's evaluation). */
  history?: HistoryScope;
  /** The team's chunked extraction (RlConfig.chunk_tokens, memory_tokens); absent = one call on the turns that fit. */
  chunks?: ChunkSettings;
  /** τ for evidence recall: a memory line covers a gold turn when their token F1 ≥ τ (default 0.5, RlConfig.match_threshold). */
  matchThreshold?: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
  /** Within a batch of questions: each agent's (and each Extractor chunk's) batch as it starts, e.g. "sampling agent 1 of 3, chunk 4 of 40 …". */
  onStage?: (label: string) => void;
}

export interface TypeAccuracy {
  questions: number;
  correct: number;
  accuracy: number;
}

export interface EvalReport {
  /** "team" or the baseline's name. */
  system: string;
  split: 'train' | 'val';
  questions: number;
  /** Correct answers: of questions × samples. */
  correct: number;
  accuracy: number;
  /** Answers per question (absent = 1). */
  samples?: number;
  /** Share of Retriever outputs that followed the format. */
  formatOk: number;
  /** The team only: share of each agent's outputs that followed its format. */
  formatOkByAgent?: PerAgent<number>;
  byType: Record<string, TypeAccuracy>;
  /** The H the questions were run on (absent in reports stored before issue 23: "full"). */
  history?: HistoryScope;
  /**
   * Mean share of a question's gold evidence turns that the memory handed to the Retriever covers (the
   * team's final M_f; a baseline's lines), over the questions that have gold evidence; null when none has.
   * Absent in reports stored before issue 23.
   */
  evidenceRecall?: number | null;
  /** Questions with gold evidence (the recall's denominator). */
  evidenceQuestions?: number;
  /** The team only: mean Extractor calls per question (1 without chunking). */
  extractorCalls?: number;
}

/** Mean coverage of each question's gold evidence by its memory lines (questions without evidence skipped). */
export function evidenceRecall(memories: readonly (readonly string[])[], problems: readonly Problem[], tau: number): { recall: number | null; questions: number } {
  let sum = 0;
  let n = 0;
  problems.forEach((p, i) => {
    const gold = p.gold.evidence;
    if (gold.length === 0) return;
    sum += matchUnits(memories[i] ?? [], gold, tau).length / gold.length;
    n += 1;
  });
  return { recall: n === 0 ? null : sum / n, questions: n };
}

function report(
  system: string,
  o: EvalOptions,
  problems: readonly Problem[],
  choices: readonly (number | null)[],
  ok: readonly boolean[],
  memories: readonly (readonly string[])[],
  samples = 1,
): EvalReport {
  // `problems` holds each question `samples` times in a row; counts are of answers, `questions` of questions.
  const byType: Record<string, TypeAccuracy> = {};
  let correct = 0;
  problems.forEach((p, i) => {
    const hit = choices[i] === p.question.correct ? 1 : 0;
    correct += hit;
    const t = (byType[p.question.type] ??= { questions: 0, correct: 0, accuracy: 0 });
    t.questions += 1;
    t.correct += hit;
  });
  for (const t of Object.values(byType)) {
    t.accuracy = t.correct / t.questions;
    t.questions /= samples;
  }
  const n = problems.length;
  const recall = evidenceRecall(memories, problems, o.matchThreshold ?? 0.5);
  return {
    system,
    split: o.split,
    questions: n / samples,
    correct,
    accuracy: n === 0 ? 0 : correct / n,
    ...(samples > 1 ? { samples } : {}),
    formatOk: n === 0 ? 0 : ok.filter(Boolean).length / n,
    byType,
    history: o.history ?? 'full',
    evidenceRecall: recall.recall,
    evidenceQuestions: recall.questions,
  };
}

function problemsFor(dataset: Dataset, o: EvalOptions): Problem[] {
  const problem = problemsOf(dataset);
  const ids = (o.ids ?? dataset.split[o.split]).slice(0, o.limit ?? undefined);
  return ids.map((id) => problem(id, historyMode(o.history ?? 'full')));
}

/** The team: Extractor → Profiler → Retriever under their adapters (null = base), one trajectory per question. */
export async function evaluateTeam(
  engine: Engine,
  codec: PromptCodec,
  dataset: Dataset,
  adapters: PerAgent<string | null>,
  prompts: Partial<PerAgent<string>> | undefined,
  o: EvalOptions,
): Promise<EvalReport> {
  const samples = o.samples ?? 1;
  if (!(Number.isInteger(samples) && samples >= 1)) throw new RangeError(`EvalOptions.samples must be a whole number ≥ 1, got ${samples}.`);
  const problems = problemsFor(dataset, o).flatMap((p) => Array.from({ length: samples }, () => p));
  const templates = templatesWithText(defaultTemplates(o.answerFormat), prompts);
  const rng = new Rng(o.seed);
  const choices: (number | null)[] = [];
  const ok: boolean[] = [];
  const byAgent = perAgent(() => 0);
  const memories: string[][] = [];
  let extractorCalls = 0;
  const batch = Math.max(1, o.batch ?? 8);
  for (let i = 0; i < problems.length; i += batch) {
    const part = problems.slice(i, i + batch);
    const teams = await sampleTeam(
      engine,
      codec,
      { templates, adapters },
      part.map((p) => ({ history: p.history, question: p.question })),
      { groupSize: 1, temperature: o.temperature, topP: 1, maxTokens: o.maxTokens, maxPromptTokens: o.maxPromptTokens, logprobs: false, answerFormat: o.answerFormat, chunks: o.chunks },
      rng,
      o.onStage ? (p) => (p.token === 0 ? o.onStage?.(p.label) : undefined) : undefined,
    );
    for (const [t] of teams) {
      memories.push(t.parsed.extractor);
      extractorCalls += t.extractorChunks?.length ?? 1;
      choices.push(t.parsed.retriever.choice);
      ok.push(t.formatOk.retriever);
      for (const n of AGENT_NAMES) if (t.formatOk[n]) byAgent[n] += 1;
    }
    o.onProgress?.(Math.floor(Math.min(problems.length, i + batch) / samples), problems.length / samples);
  }
  const n = problems.length;
  return {
    ...report('team', o, problems, choices, ok, memories, samples),
    formatOkByAgent: perAgent((a) => (n === 0 ? 0 : byAgent[a] / n)),
    extractorCalls: n === 0 ? 0 : extractorCalls / n,
  };
}

/** A baseline: the frozen base's Retriever (adapters off) on the baseline's memory, no profile. */
export async function evaluateBaseline(
  engine: Engine,
  codec: PromptCodec,
  dataset: Dataset,
  name: BaselineName,
  template: PromptTemplate,
  o: EvalOptions,
  b: Partial<Omit<BaselineOptions, 'countTokens'>> = {},
): Promise<EvalReport> {
  const problems = problemsFor(dataset, o);
  const rng = new Rng(o.seed);
  const countTokens = (text: string) => codec.encode(text).length;
  const choices: (number | null)[] = [];
  const ok: boolean[] = [];
  const memories: string[][] = [];
  const batch = Math.max(1, o.batch ?? 8);
  const positions = engine.config.maxPositionEmbeddings - o.maxTokens;
  const previous = engine.activeAdapter;
  engine.setActiveAdapter(null);
  try {
    for (let i = 0; i < problems.length; i += batch) {
      const part = problems.slice(i, i + batch);
      // Like the rollout's Retriever: the oldest memory lines go when the prompt would pass the model's positions.
      const prompts = part.map((p) => {
        const lines = baselineMemory(name, p.history, p.question, { budget: b.budget ?? 256, topK: b.topK ?? 5, countTokens });
        const render = (keep: number) =>
          renderPrompt(template, { memory: renderMemory(lines.slice(lines.length - keep)), profile: '(none)', question: p.question.query, options: renderOptions(p.question.options, o.answerFormat) });
        const fit = fitPrompt('retriever', lines.length, render, codec, positions);
        memories.push(lines.slice(lines.length - fit.kept));
        return fit.ids;
      });
      const gens = await engine.generate(prompts, { temperature: o.temperature, maxTokens: o.maxTokens, stopTokens: codec.stopTokens, rng });
      for (const [k, g] of gens.entries()) {
        const parsed = parseRetriever(codec.decode(g.ids), answerReading(o.answerFormat ?? 'letter', part[k].question.options));
        choices.push(parsed.value.choice);
        ok.push(parsed.formatOk);
      }
      o.onProgress?.(Math.min(problems.length, i + batch), problems.length);
    }
  } finally {
    engine.setActiveAdapter(previous);
  }
  return report(name, o, problems, choices, ok, memories);
}

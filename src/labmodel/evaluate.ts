// Held-out evaluation of a lab model through the engine and the team rollout: format validity per
// agent, extraction coverage, retrieval precision, accuracy per question type, the no-memory floor and the teachers.

import { setReward } from '../agents/match';
import type { AnswerFormat } from '../agents/retriever/answer';
import { answerReading, parseRetriever } from '../agents/retriever/parse';
import { AGENT_NAMES, defaultTemplates, perAgent, type PerAgent } from '../agents/registry';
import { renderPrompt } from '../agents/template';
import { historyFor } from '../env/mdp';
import { QUESTION_TYPES, type Dataset, type Question, type Turn } from '../env/types';
import { Engine } from '../model/engine';
import { Rng } from '../model/rng';
import { nodeFolderFiles } from '../model/sources/nodeFolder';
import { loadTokenizer } from '../model/tokenizer';
import { tokenizerCodec, type PromptCodec } from '../rl/codec';
import { renderOptions, sampleTeam, type RolloutItem } from '../rl/rollout';
import { evalWorld } from './corpus';
import type { Recipe } from './recipe';
import { teachQuestion } from '../agents/teachers';

export interface Tally {
  n: number;
  correct: number;
}

export interface LabEvaluation {
  questions: number;
  evalSeeds: number[];
  /** Fraction of outputs each agent's parser accepts (formatOk). */
  formatValidity: PerAgent<number>;
  /** Mean coverage of the gold evidence turns by the Extractor's memory lines (token F1 ≥ 0.5). */
  extractionCoverage: number;
  /** Mean fraction of the Retriever's evidence lines that match a gold evidence turn. */
  retrievalPrecision: number;
  accuracy: Tally;
  byType: Record<string, Tally>;
  /** The Retriever with no memory and no profile: answering from the question alone. */
  noMemory: { accuracy: Tally; byType: Record<string, Tally>; formatValidity: number };
  /** Always answering the most common correct letter of these questions (a finite sample is not uniform). */
  constantLetter: { letter: string; accuracy: Tally };
  /** The teacher pipeline on the same questions (what the warm start imitated). */
  teacher: { accuracy: Tally; byType: Record<string, Tally> };
  /** A few complete held-out rollouts, for the card. */
  samples: { question: string; extractor: string; profiler: string; retriever: string; correct: string }[];
}

/** Held-out questions spread over types: round-robin by type across the evaluation worlds. */
export function heldOutQuestions(worlds: readonly Dataset[], count: number): { world: Dataset; question: Question }[] {
  const byType = new Map<string, { world: Dataset; question: Question }[]>();
  for (const world of worlds) for (const question of world.questions) byType.set(question.type, [...(byType.get(question.type) ?? []), { world, question }]);
  const out: { world: Dataset; question: Question }[] = [];
  for (let round = 0; out.length < count; round++) {
    let added = false;
    for (const type of QUESTION_TYPES) {
      const hit = byType.get(type)?.[round];
      if (hit && out.length < count) {
        out.push(hit);
        added = true;
      }
    }
    if (!added) break;
  }
  return out;
}

function historyOf(world: Dataset, q: Question): Turn[] {
  const ctx = world.contexts.find((c) => c.id === q.contextId);
  if (!ctx) throw new Error(`question ${q.id} names unknown context ${q.contextId}`);
  return historyFor(ctx, q, 'train');
}

function goldUnits(world: Dataset, q: Question): string[] {
  const ctx = world.contexts.find((c) => c.id === q.contextId);
  return q.evidenceTurnIds.map((id) => ctx?.turns.find((t) => t.id === id)?.content ?? '').filter((t) => t !== '');
}

function tally(rows: { type: string; ok: boolean }[]): { accuracy: Tally; byType: Record<string, Tally> } {
  const byType: Record<string, Tally> = {};
  for (const r of rows) {
    const t = (byType[r.type] ??= { n: 0, correct: 0 });
    t.n += 1;
    if (r.ok) t.correct += 1;
  }
  return { accuracy: { n: rows.length, correct: rows.filter((r) => r.ok).length }, byType };
}

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

async function noMemoryChoices(engine: Engine, codec: PromptCodec, questions: readonly Question[], maxTokens: number, batch: number, format: AnswerFormat): Promise<{ ok: boolean; formatOk: boolean }[]> {
  const out: { ok: boolean; formatOk: boolean }[] = [];
  const template = defaultTemplates(format).retriever;
  for (let i = 0; i < questions.length; i += batch) {
    const part = questions.slice(i, i + batch);
    const prompts = part.map((q) => codec.encode(renderPrompt(template, { memory: '(none)', profile: '(none)', question: q.query, options: renderOptions(q.options, format) })));
    const gens = await engine.generate(prompts, { temperature: 0, maxTokens, stopTokens: codec.stopTokens });
    gens.forEach((g, j) => {
      const parsed = parseRetriever(codec.decode(g.ids), answerReading(format, part[j].options));
      out.push({ ok: parsed.value.choice === part[j].correct, formatOk: parsed.formatOk });
    });
  }
  return out;
}

/** Evaluate the model in `dir` (HF layout) on held-out worlds, greedy, through Engine + sampleTeam. */
export async function evaluateLabModel(dir: string, recipe: Recipe, log: (line: string) => void = () => undefined): Promise<LabEvaluation> {
  const files = nodeFolderFiles(dir);
  const engine = await Engine.load(files);
  try {
    const codec = tokenizerCodec(await loadTokenizer(files));
    const worlds = Array.from({ length: recipe.evalWorlds }, (_, i) => evalWorld(i, recipe.world));
    const picked = heldOutQuestions(worlds, recipe.evalQuestions);
    const format = recipe.answerFormat ?? 'letter';
    const agents = { templates: defaultTemplates(format), adapters: perAgent((): string | null => null) };
    const settings = { groupSize: 1, temperature: 0, topP: 1, maxTokens: 96, logprobs: false, answerFormat: format };
    const formatOk = perAgent((): number[] => []);
    const coverage: number[] = [];
    const precision: number[] = [];
    const rows: { type: string; ok: boolean }[] = [];
    const samples: LabEvaluation['samples'] = [];
    const batch = 8;
    for (let i = 0; i < picked.length; i += batch) {
      const part = picked.slice(i, i + batch);
      const items: RolloutItem[] = part.map(({ world, question }) => ({ history: historyOf(world, question), question }));
      const trajectories = await sampleTeam(engine, codec, agents, items, settings, new Rng(recipe.initSeed + i));
      trajectories.forEach(([traj], j) => {
        const { world, question } = part[j];
        for (const n of AGENT_NAMES) formatOk[n].push(traj.formatOk[n] ? 1 : 0);
        const gold = goldUnits(world, question);
        coverage.push(setReward(traj.parsed.extractor, gold, 0.8, 0.5).coverage);
        const info = traj.parsed.retriever.information;
        precision.push(info.length === 0 ? 0 : setReward(info, gold, 0.8, 0.5).matched / info.length);
        rows.push({ type: question.type, ok: traj.parsed.retriever.choice === question.correct });
        if (samples.length < 2) {
          samples.push({ question: question.query, extractor: traj.agents.extractor.text, profiler: traj.agents.profiler.text, retriever: traj.agents.retriever.text, correct: `(${'abcd'[question.correct]})` });
        }
      });
      log(`evaluate: ${Math.min(i + batch, picked.length)}/${picked.length} questions, accuracy so far ${rows.filter((r) => r.ok).length}/${rows.length}`);
    }
    const floor = await noMemoryChoices(engine, codec, picked.map((p) => p.question), 48, batch, format);
    const teacherRng = new Rng(recipe.initSeed);
    const teacherRows = picked.map(({ world, question }) => ({
      type: question.type,
      ok: teachQuestion(historyOf(world, question), question.query, question.options, teacherRng, recipe.teachers).choice === question.correct,
    }));
    const floorTally = tally(picked.map((p, i) => ({ type: p.question.type, ok: floor[i].ok })));
    const perLetter = [0, 1, 2, 3].map((k) => picked.filter((p) => p.question.correct === k).length);
    const common = perLetter.indexOf(Math.max(...perLetter));
    return {
      questions: picked.length,
      evalSeeds: worlds.map((w) => w.seed ?? -1),
      formatValidity: perAgent((n) => mean(formatOk[n])),
      extractionCoverage: mean(coverage),
      retrievalPrecision: mean(precision),
      ...tally(rows),
      noMemory: { ...floorTally, formatValidity: mean(floor.map((f) => (f.formatOk ? 1 : 0))) },
      constantLetter: { letter: `(${'abcd'[common]})`, accuracy: { n: picked.length, correct: perLetter[common] } },
      teacher: tally(teacherRows),
      samples,
    };
  } finally {
    engine.dispose();
  }
}

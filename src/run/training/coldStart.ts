// Cold-start SFT before GRPO step 1 (setup.coldStart, as PersonaMem-v2 does): each agent's adapter is
// fine-tuned on teacher demonstrations built from the run's first training questions, in its data order.

import { AGENTS, defaultTemplates } from '../../agents/registry';
import { AGENT_NAMES, perAgent, type PerAgent } from '../../agents/names';
import type { Dataset } from '../../env/types';
import type { Engine } from '../../model/engine';
import { parseTargets } from '../../model/lora';
import { gpuPhase } from '../../model/webgpu/gpuErrors';
import { Rng } from '../../model/rng';
import type { ProgressFn } from '../../protocol/progress';
import type { RunSetup } from '../runSetup';
import type { PromptCodec } from '../../rl/codec';
import { extractorPrompt, templatesWithText } from '../../rl/rollout';
import { coldStartSft } from '../../rl/sft';
import { byAgent, teacherDemos } from '../../rl/teacherDemos';
import { takeNext } from './dataOrder';
import type { Problem } from '../../rl/problem';

/** Cold-start SFT: training questions its demonstrations come from, demonstrations per step, longest sequence (at least). */
const COLD_START_QUESTIONS = 64;
const COLD_START_BATCH = 2;
const COLD_START_MAX_TOKENS = 1024;

/** What the cold-start SFT did: each agent's loss per SFT step, and the notes stored with step 1. */
export interface ColdStartReport {
  losses: PerAgent<number[]>;
  notes: string[];
}

export interface ColdStartInput {
  engine: Engine;
  codec: PromptCodec;
  dataset: Dataset;
  setup: RunSetup;
  /** The engine's adapter name of each agent (created, not yet trained). */
  adapters: PerAgent<string>;
  /** The training problem of a question id. */
  problem: (id: string) => Problem;
}

/**
 * Cold-start SFT of the three adapters on teacher demonstrations built from the training questions (at
 * most COLD_START_QUESTIONS of them, in the run's data order), before step 1; nothing when setup.coldStart
 * is absent. Reports "cold-start SFT k of n" progress; returns each agent's per-step losses and one note per agent.
 */
export async function coldStartAdapters(input: ColdStartInput, progress: ProgressFn): Promise<ColdStartReport> {
  const { engine, codec, setup, dataset, adapters, problem } = input;
  const cs = setup.coldStart;
  const losses = perAgent((): number[] => []);
  if (!cs) return { losses, notes: [] };
  const ids = takeNext(dataset.split.train, setup.seed, { epoch: 0, offset: 0 }, Math.min(COLD_START_QUESTIONS, dataset.split.train.length)).ids;
  const templates = templatesWithText(defaultTemplates(setup.rl.answer_format), setup.prompts);
  // The Extractor's demonstrations see the history the rollout will show it (cut to maxPromptTokens).
  const items = ids.map((id) => {
    const p = problem(id);
    const turns = extractorPrompt(templates.extractor, p.history, codec, setup.maxPromptTokens).turns;
    return { history: p.history.slice(p.history.length - turns), question: p.question };
  });
  const maxSequence = Math.min(Math.max(COLD_START_MAX_TOKENS, (setup.maxPromptTokens ?? 0) + setup.rl.max_completion_length), engine.config.maxPositionEmbeddings);
  // The Profiler's and Retriever's demonstrations drop their oldest memory lines to fit, as the rollout does.
  const fits = (_agent: string, prompt: string, completion: string) => codec.encode(prompt).length + codec.encodeText(completion).length + 1 <= maxSequence;
  const demos = byAgent(teacherDemos(items, templates, new Rng(setup.seed ^ 0x5f7), fits, setup.rl.answer_format));
  const total = cs.steps * AGENT_NAMES.length;
  progress('cold-start', 0, total, 'SFT steps', `cold-start SFT 0 of ${total}`);
  const spec = { rank: setup.lora.r, alpha: setup.lora.alpha, targets: parseTargets(setup.lora.targets) };
  const report = await gpuPhase('the cold-start SFT', () =>
    coldStartSft(engine, codec, demos, adapters, { steps: cs.steps, batchSize: COLD_START_BATCH, learningRate: cs.lr, lora: spec, seed: setup.seed, maxSequence }, (p) => {
      losses[p.agent].push(p.loss);
      const done = AGENT_NAMES.indexOf(p.agent) * cs.steps + p.step;
      progress('cold-start', done, total, 'SFT steps', `cold-start SFT ${done} of ${total} (${AGENTS[p.agent].title}, loss ${p.loss.toFixed(3)})`);
    }),
  );
  const notes = AGENT_NAMES.flatMap((n) => {
    const r = report[n];
    if (!r) return [];
    return [`cold-start SFT ${AGENTS[n].title}: ${cs.steps} steps on ${r.demos} demonstrations (${r.skipped} too long), loss ${r.firstLoss.toFixed(3)} → ${r.lastLoss.toFixed(3)}; per step ${losses[n].map((l) => l.toFixed(3)).join(' ')}`];
  });
  return { losses, notes };
}

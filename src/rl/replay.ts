// Replay: a run's stored adapters (PEFT files) on any history and typed question — the team runs
// once, greedily, building a fresh M_f and M_c and answering, without touching the run's records.

import { AGENTS } from '../agents/registry';
import { AGENT_NAMES, perAgent, type PerAgent } from '../agents/names';
import type { Turn } from '../env/types';
import type { Engine } from '../model/engine';
import type { ModelFiles } from '../model/files';
import { ModelFileMissingError } from '../model/errors';
import { Rng } from '../model/rng';
import type { PromptCodec } from './codec';
import { RolloutInputError } from './errors';
import type { RlConfig } from './config';
import { sampleTeam, templatesWithText, type RolloutProgress } from './rollout';

/** What a replay takes from a run's setup: its prompts and sampling limits (a RunSetup fits). */
export interface ReplaySettings {
  prompts: PerAgent<string>;
  rl: RlConfig;
  maxPromptTokens?: number;
}

export interface ReplayInput {
  history: readonly Turn[];
  query: string;
  options: readonly string[];
}

export interface ReplayResult {
  /** The three agents' raw outputs. */
  outputs: PerAgent<string>;
  /** Parsed: M_f lines, the M_c profile text, the <information> lines and the option chosen (0–3 or null). */
  memory: string[];
  profile: string;
  information: string[];
  choice: number | null;
  formatOk: PerAgent<boolean>;
  /** Turns of the history the Extractor's prompt kept. */
  historyTurns: number;
}

/** PEFT files held in memory as ModelFiles (what IndexedDB's adapters store gives back). */
export function memoryFiles(location: string, files: Readonly<Record<string, Uint8Array>>): ModelFiles {
  return {
    location,
    has: (name) => Promise.resolve(name in files),
    read: (name) => {
      const f = files[name];
      return f ? Promise.resolve(f) : Promise.reject(new ModelFileMissingError(`${location} has no ${name}; the stored adapter is incomplete. Train the run again.`, { file: name }));
    },
  };
}

/**
 * Load each agent's PEFT adapter under `${prefix}${agent}`, run the team once at temperature 0 on
 * (history, query, options) with the run's prompts and limits, then unload the adapters.
 * Greedy decoding makes it repeatable: the same adapters and input give the same outputs.
 */
export async function replayTeam(
  engine: Engine,
  codec: PromptCodec,
  setup: ReplaySettings,
  adapters: PerAgent<Readonly<Record<string, Uint8Array>>>,
  input: ReplayInput,
  onProgress?: (p: RolloutProgress) => void,
  prefix = 'replay.',
): Promise<ReplayResult> {
  if (input.query.trim() === '') throw new RolloutInputError('The replay question is empty; type a question for the Retriever to answer.', { field: 'query' });
  if (input.options.length !== 4 || input.options.some((o) => o.trim() === '')) {
    throw new RolloutInputError('A replay question needs four non-empty options, (a) to (d).', { field: 'options' });
  }
  const names = perAgent((n) => `${prefix}${n}`);
  try {
    for (const n of AGENT_NAMES) await engine.loadAdapter(names[n], memoryFiles(`stored adapter "${n}"`, adapters[n]));
    const [[t]] = await sampleTeam(
      engine,
      codec,
      { templates: templatesWithText(perAgent((n) => AGENTS[n].prompt), setup.prompts), adapters: names },
      [{ history: input.history, question: { query: input.query, options: [input.options[0], input.options[1], input.options[2], input.options[3]] } }],
      { groupSize: 1, temperature: 0, topP: 1, maxTokens: setup.rl.max_completion_length, maxPromptTokens: setup.maxPromptTokens, logprobs: false },
      new Rng(0),
      onProgress,
    );
    return {
      outputs: perAgent((n) => t.agents[n].text),
      memory: t.parsed.extractor,
      profile: t.parsed.profiler.text,
      information: t.parsed.retriever.information,
      choice: t.parsed.retriever.choice,
      formatOk: { ...t.formatOk },
      historyTurns: t.historyTurns,
    };
  } finally {
    for (const n of AGENT_NAMES) if (engine.adapterNames().includes(names[n])) engine.removeAdapter(names[n]);
  }
}

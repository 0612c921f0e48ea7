// The adapter archive's layout: `{agent}/adapter_config.json` + `{agent}/adapter_model.safetensors`
// per exported agent, `README.md` (model card) and `run_config.json`; zipped, unzipped and read back.

import { strFromU8, strToU8, zipSync, type Zippable } from 'fflate';
import { AGENT_NAMES, isAgentName, type AgentName, type PerAgent } from '../agents/names';
import type { StepMetrics } from '../run/records';
import type { RunRecord } from '../run/runStore';
import { unzipBounded } from './boundedUnzip';
import { baseModelName } from './baseModel';
import { AdapterArchiveError, ExportInputError } from './errors';
import { modelCard } from './modelCard';
import { RUN_CONFIG_FILE, parseRunConfig, runConfigOf, type RunConfigFile } from './runConfig';

export const ADAPTER_CONFIG = 'adapter_config.json';
export const ADAPTER_WEIGHTS = 'adapter_model.safetensors';
export const MODEL_CARD = 'README.md';

/** One agent's PEFT files, as the run store keeps them (`adapters` table, CLI `adapters/{agent}/`). */
export type PeftFiles = Record<string, Uint8Array>;

export interface StoredAdapter {
  step: number;
  files: PeftFiles;
}

export interface AdapterExportInput {
  run: RunRecord;
  /** The run's stored adapters by agent (an agent without one cannot be exported). */
  adapters: Partial<PerAgent<StoredAdapter>>;
  /** The agents to export, in any order; written in pipeline order. */
  agents: readonly AgentName[];
  /** The run's last step's metrics, for the model card. */
  last: StepMetrics | undefined;
}

/** base_model_name_or_path of a PEFT adapter_config.json, when it has one. */
export function configuredBase(files: PeftFiles | undefined): string | undefined {
  const bytes = files?.[ADAPTER_CONFIG];
  if (!bytes) return undefined;
  try {
    const base = (JSON.parse(strFromU8(bytes)) as { base_model_name_or_path?: unknown }).base_model_name_or_path;
    return typeof base === 'string' && base !== '' ? base : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The base model's name for a run: its record's, else what its adapters' configs say, else the setup's model
 * (runs stored before the trainer saved the name have an empty one).
 */
export function runBaseModel(run: RunRecord, adapters: Partial<PerAgent<StoredAdapter>> = {}): string {
  if (run.baseModel !== '') return run.baseModel;
  for (const a of AGENT_NAMES) {
    const base = configuredBase(adapters[a]?.files);
    if (base) return base;
  }
  return baseModelName(run.setup.model);
}

/** Where a bundled model's Hugging Face folder lives in a comam-lab checkout (the page serves it at /models/<name>/). */
export const BUNDLED_MODELS_DIR = 'public/models';

/**
 * The base as an exported archive names it. A bundled model's lab name ("comam-tiny") resolves nowhere
 * outside the lab, so it is written as its folder in the repository, `public/models/comam-tiny`, which
 * `AutoModelForCausalLM.from_pretrained` (and PEFT's AutoPeftModel) load from the repository root. A hub
 * repo and a picked folder keep their names. The import check matches either form (sameBase).
 */
export function exportedBaseName(run: RunRecord, adapters: Partial<PerAgent<StoredAdapter>> = {}): string {
  const name = runBaseModel(run, adapters);
  return run.setup.model.kind === 'bundled' ? `${BUNDLED_MODELS_DIR}/${name.split('/').at(-1) ?? name}` : name;
}

/** adapter_config.json with base_model_name_or_path set to `base` (the other fields and their order kept). */
function withBase(config: Uint8Array, base: string, where: string): Uint8Array {
  let parsed: unknown;
  try {
    parsed = JSON.parse(strFromU8(config));
  } catch (err) {
    throw new ExportInputError(`${where} is not valid JSON (${(err as Error).message}); its checkpoint is damaged. Resume the run to write a new one.`, { file: where });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ExportInputError(`${where} is not a JSON object; its checkpoint is damaged.`, { file: where });
  const cfg = parsed as Record<string, unknown>;
  if (cfg.base_model_name_or_path === base) return config;
  return strToU8(`${JSON.stringify({ ...cfg, base_model_name_or_path: base }, null, 2)}\n`);
}

/** Every file of the archive by its path inside the zip. */
export function adapterArchiveFiles(input: AdapterExportInput): Record<string, Uint8Array> {
  const { adapters } = input;
  const run = { ...input.run, baseModel: exportedBaseName(input.run, adapters) };
  if (input.agents.length === 0) throw new ExportInputError('Choose at least one agent whose adapter to export.', { field: 'agents' });
  const agents = AGENT_NAMES.filter((a) => input.agents.includes(a));
  const out: Record<string, Uint8Array> = {};
  let step = 0;
  for (const agent of agents) {
    const stored = adapters[agent];
    if (!stored) {
      throw new ExportInputError(`Run ${run.id} has no stored ${agent} adapter yet (adapters are saved at each checkpoint); train until a checkpoint, or export the other agents.`, { runId: run.id, agent });
    }
    for (const name of [ADAPTER_CONFIG, ADAPTER_WEIGHTS]) {
      const bytes = stored.files[name];
      if (!bytes) throw new ExportInputError(`Run ${run.id}'s stored ${agent} adapter lacks ${name}; its checkpoint is damaged. Resume the run to write a new one.`, { runId: run.id, agent, file: name });
      out[`${agent}/${name}`] = name === ADAPTER_CONFIG ? withBase(bytes, run.baseModel, `${agent}/${name}`) : bytes;
    }
    step = Math.max(step, stored.step);
  }
  out[MODEL_CARD] = strToU8(modelCard(run, agents, step, input.last));
  out[RUN_CONFIG_FILE] = strToU8(`${JSON.stringify(runConfigOf(run, step), null, 2)}\n`);
  return out;
}

/** Zip files with a fixed timestamp, so the same run gives the same bytes. Weights are stored, text deflated. */
export function zipFiles(files: Record<string, Uint8Array>): Uint8Array {
  const mtime = new Date('2020-01-01T00:00:00Z');
  const tree: Zippable = {};
  for (const [path, data] of Object.entries(files)) tree[path] = [data, { level: path.endsWith('.safetensors') ? 0 : 6, mtime }];
  return zipSync(tree);
}

/** The zip's entries by path, within ZIP_LIMITS (unzipBounded); not a zip, a damaged or an oversized one is an AdapterArchiveError. */
export function unzipFiles(bytes: Uint8Array, fileName: string): Record<string, Uint8Array> {
  return unzipBounded(bytes, fileName).files;
}

/** `comam-lab-<run>-<agents>.zip` */
export function adapterZipName(runId: string, agents: readonly AgentName[]): string {
  const which = agents.length === AGENT_NAMES.length ? 'adapters' : AGENT_NAMES.filter((a) => agents.includes(a)).join('-');
  return `comam-lab-${runId}-${which}.zip`.replace(/[^A-Za-z0-9._-]/g, '_');
}

export interface AdapterArchive {
  adapters: Partial<PerAgent<PeftFiles>>;
  runConfig?: RunConfigFile;
  /** The model card's text, when the archive has one. */
  card?: string;
}

/** Drop folder noise (macOS, a shared top folder) so `run-x/extractor/…` reads like `extractor/…`. */
function normalizePaths(files: Record<string, Uint8Array>): Map<string, Uint8Array> {
  const entries = Object.entries(files).filter(([p]) => !p.endsWith('/') && !p.startsWith('__MACOSX/') && !p.split('/').some((s) => s === '.DS_Store'));
  const parts = entries.map(([p]) => p.split('/'));
  const first = parts[0]?.[0];
  const shared = parts.length > 0 && parts.every((x) => x.length > 1 && x[0] === first) && !isAgentName(first);
  return new Map(entries.map(([, data], i) => [(shared ? parts[i].slice(1) : parts[i]).join('/'), data]));
}

/**
 * Read an archive's adapters (from a zip's entries or a picked folder's files by relative path).
 * Agent folders are found by name; a single PEFT adapter at the top level needs `singleAgent` to say
 * which agent it is for.
 */
export function readAdapterArchive(files: Record<string, Uint8Array>, source: string, singleAgent?: AgentName): AdapterArchive {
  const byPath = normalizePaths(files);
  const adapters: Partial<PerAgent<PeftFiles>> = {};
  const take = (agent: AgentName, prefix: string) => {
    const cfg = byPath.get(`${prefix}${ADAPTER_CONFIG}`);
    const weights = byPath.get(`${prefix}${ADAPTER_WEIGHTS}`);
    if (!cfg && !weights) return;
    if (!cfg || !weights) {
      throw new AdapterArchiveError(`${source}: ${prefix || 'the top folder'} has ${cfg ? ADAPTER_CONFIG : ADAPTER_WEIGHTS} but not ${cfg ? ADAPTER_WEIGHTS : ADAPTER_CONFIG}; a PEFT adapter needs both.`, { file: `${prefix}${cfg ? ADAPTER_WEIGHTS : ADAPTER_CONFIG}` });
    }
    adapters[agent] = { [ADAPTER_CONFIG]: cfg, [ADAPTER_WEIGHTS]: weights };
  };
  for (const agent of AGENT_NAMES) take(agent, `${agent}/`);
  const atTop = byPath.has(ADAPTER_CONFIG) || byPath.has(ADAPTER_WEIGHTS);
  if (atTop) {
    if (Object.keys(adapters).length > 0) throw new AdapterArchiveError(`${source} holds agent folders and also an adapter at its top level; keep one layout.`, { file: ADAPTER_CONFIG });
    if (!singleAgent) {
      throw new AdapterArchiveError(`${source} holds one adapter at its top level, not in extractor/, profiler/ or retriever/ folders: choose which agent it is for.`, { field: 'agent' });
    }
    take(singleAgent, '');
  }
  if (Object.keys(adapters).length === 0) {
    throw new AdapterArchiveError(`${source} holds no PEFT adapter: expected extractor/, profiler/ or retriever/ folders with ${ADAPTER_CONFIG} and ${ADAPTER_WEIGHTS}.`, { file: source });
  }
  const rc = byPath.get(RUN_CONFIG_FILE);
  const card = byPath.get(MODEL_CARD);
  return { adapters, ...(rc ? { runConfig: parseRunConfig(rc) } : {}), ...(card ? { card: strFromU8(card) } : {}) };
}

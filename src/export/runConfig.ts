// run_config.json of an adapter archive: the run's id, base model, steps and its whole RunSetup, so
// an import (or a person) knows exactly how the adapters were trained. Written and read back here.

import type { RunSetup } from '../run/runSetup';
import type { RunRecord } from '../run/runStore';
import { AdapterArchiveError } from './errors';

export const RUN_CONFIG_FILE = 'run_config.json';
export const RUN_CONFIG_FORMAT = 'comam-lab-run-config';

export interface RunConfigFile {
  format: typeof RUN_CONFIG_FORMAT;
  version: 1;
  run_id: string;
  base_model: string;
  /** Training steps stored when the archive was written. */
  steps: number;
  /** Step of the adapters in the archive (the run's last checkpoint). */
  adapter_step: number;
  created_at: string;
  setup: RunSetup;
}

export function runConfigOf(run: RunRecord, adapterStep: number): RunConfigFile {
  return {
    format: RUN_CONFIG_FORMAT,
    version: 1,
    run_id: run.id,
    base_model: run.baseModel,
    steps: run.step,
    adapter_step: adapterStep,
    created_at: new Date(run.createdAt).toISOString(),
    setup: run.setup,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse run_config.json from an archive; a file that is not ours is an AdapterArchiveError naming the field. */
export function parseRunConfig(bytes: Uint8Array): RunConfigFile {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new AdapterArchiveError(`${RUN_CONFIG_FILE} is not valid JSON (${(err as Error).message}); remove it or export the adapters again.`, { file: RUN_CONFIG_FILE });
  }
  const bad = (field: string, what: string) =>
    new AdapterArchiveError(`${RUN_CONFIG_FILE}: "${field}" must be ${what}; remove the file or export the adapters again.`, { file: RUN_CONFIG_FILE, field });
  if (!isObject(raw) || raw.format !== RUN_CONFIG_FORMAT) throw bad('format', `"${RUN_CONFIG_FORMAT}"`);
  if (raw.version !== 1) throw bad('version', '1');
  if (typeof raw.run_id !== 'string' || raw.run_id === '') throw bad('run_id', 'a non-empty string');
  if (typeof raw.base_model !== 'string') throw bad('base_model', 'a string');
  for (const f of ['steps', 'adapter_step'] as const) if (!Number.isInteger(raw[f]) || (raw[f] as number) < 0) throw bad(f, 'a whole number ≥ 0');
  const setup = raw.setup;
  if (!isObject(setup) || !isObject(setup.rl) || !isObject(setup.lora) || !isObject(setup.model) || !isObject(setup.dataset) || !isObject(setup.prompts)) {
    throw bad('setup', 'a run setup (dataset, model, prompts, rl, lora, …)');
  }
  return raw as unknown as RunConfigFile;
}

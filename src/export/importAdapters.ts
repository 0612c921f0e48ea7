// Import an adapter archive onto a compatible base as a run record with its adapters (IndexedDB),
// checked first and written in one transaction, so generation and replay can load it like any run.

import { AGENT_NAMES, type AgentName } from '../agents/names';
import type { ModelRef } from '../model/modelRef';
import type { RunSetup } from '../run/runSetup';
import type { RunRecord } from '../run/runStore';
import type { LabDb } from '../homes/storage/db';
import { defaultSetup } from '../run/setup';
import { checkAdapterFits, type AdapterSpec, type BaseModelInfo, type LoraExpectation } from './adapterFit';
import type { AdapterArchive } from './adapterArchive';
import { AdapterMismatchError } from './errors';

export interface AdapterImportTarget extends BaseModelInfo {
  /** How a run would load this base again. */
  ref: ModelRef;
}

export interface AdapterImportResult {
  runId: string;
  agents: AgentName[];
  spec: Omit<AdapterSpec, 'baseModel'>;
}

/** Check every adapter of the archive; they must agree on rank, alpha and targets (one RunSetup holds one LoRA). */
export function checkArchive(archive: AdapterArchive, base: BaseModelInfo, expect?: LoraExpectation): { agents: AgentName[]; spec: AdapterSpec } {
  const agents = AGENT_NAMES.filter((a) => archive.adapters[a] !== undefined);
  let first: { agent: AgentName; spec: AdapterSpec } | undefined;
  for (const agent of agents) {
    const files = archive.adapters[agent];
    if (!files) continue;
    const spec = checkAdapterFits(agent, files, base, expect ?? (first ? { r: first.spec.r, targets: first.spec.targets } : undefined));
    if (first && spec.alpha !== first.spec.alpha) {
      throw new AdapterMismatchError(`The ${agent} adapter has lora_alpha ${spec.alpha} but the ${first.agent} adapter ${first.spec.alpha}; the agents of one run share their LoRA settings.`, { agent, field: 'lora_alpha' });
    }
    first ??= { agent, spec };
  }
  if (!first) throw new AdapterMismatchError('The archive holds no adapter to import.', { field: 'agents' });
  return { agents, spec: first.spec };
}

async function freeId(db: LabDb, wanted: string): Promise<string> {
  for (let n = 1; ; n++) {
    const id = n === 1 ? wanted : `${wanted}-${n}`;
    if (!(await db.runs.get(id))) return id;
  }
}

/**
 * Store the archive's adapters as a finished run on `base` (its setup from run_config.json when present,
 * else the defaults, with the adapters' LoRA settings). It has no checkpoint, so it cannot be resumed.
 */
export async function importAdapterArchive(db: LabDb, archive: AdapterArchive, base: AdapterImportTarget, opts: { source: string; expect?: LoraExpectation; now?: number }): Promise<AdapterImportResult> {
  const { agents, spec } = checkArchive(archive, base, opts.expect);
  const now = opts.now ?? Date.now();
  const rc = archive.runConfig;
  const from: RunSetup = rc ? structuredClone(rc.setup) : defaultSetup();
  const setup: RunSetup = { ...from, model: base.ref, lora: { r: spec.r, alpha: spec.alpha, targets: [...spec.targets] } };
  const step = rc?.adapter_step ?? 0;
  const result: AdapterImportResult = { runId: '', agents, spec: { r: spec.r, alpha: spec.alpha, targets: spec.targets } };
  await db.transaction('rw', [db.runs, db.adapters], async () => {
    const runId = await freeId(db, `imported-${rc?.run_id ?? 'adapters'}`);
    const run: RunRecord = {
      id: runId,
      setup,
      status: 'done',
      message: `Adapters (${agents.join(', ')}) imported from ${opts.source}${rc ? `, trained as run ${rc.run_id} for ${rc.steps} steps` : ''}; no optimizer state, so this run cannot be resumed.`,
      createdAt: now,
      updatedAt: now,
      step,
      checkpointStep: 0,
      baseModel: base.name,
    };
    await db.runs.add(run);
    for (const agent of agents) {
      const files = archive.adapters[agent];
      if (files) await db.adapters.put({ runId, agent, step, files });
    }
    result.runId = runId;
  });
  return result;
}

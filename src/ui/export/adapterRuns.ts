// What the adapters panel reads and does with IndexedDB: stored runs with the agents that have an
// adapter, one run's archive for download, and an archive's files from a picked zip or folder.

import { AGENT_NAMES, type AgentName, type PerAgent } from '../../agents/names';
import { adapterArchiveFiles, adapterZipName, unzipFiles, zipFiles, type StoredAdapter } from '../../export/adapterArchive';
import { ExportInputError } from '../../export/errors';
import type { RunRecord } from '../../run/runStore';
import type { LabDb } from '../../homes/storage/db';
import { listRuns, runMetrics } from '../../homes/storage/runs';

export interface AdapterRun {
  run: RunRecord;
  /** Agents with a stored adapter, in pipeline order. */
  agents: AgentName[];
}

export async function adapterRuns(db: LabDb): Promise<AdapterRun[]> {
  const runs = await listRuns(db);
  const keys = await db.adapters.toCollection().primaryKeys();
  const byRun = new Map<string, Set<string>>();
  for (const [runId, agent] of keys) {
    const set = byRun.get(runId) ?? new Set<string>();
    set.add(agent);
    byRun.set(runId, set);
  }
  return runs.map((run) => ({ run, agents: AGENT_NAMES.filter((a) => byRun.get(run.id)?.has(a)) }));
}

/** The zip of the chosen agents' adapters of one run, and its file name. */
export async function runAdapterZip(db: LabDb, runId: string, agents: readonly AgentName[]): Promise<{ name: string; bytes: Uint8Array }> {
  const run = await db.runs.get(runId);
  if (!run) throw new ExportInputError(`Run ${runId} is not stored in this browser any more.`, { runId });
  const adapters: Partial<PerAgent<StoredAdapter>> = {};
  for (const agent of agents) {
    const row = await db.adapters.get([runId, agent]);
    if (row) adapters[agent] = { step: row.step, files: row.files };
  }
  const last = (await runMetrics(db, runId)).at(-1);
  return { name: adapterZipName(runId, agents), bytes: zipFiles(adapterArchiveFiles({ run, adapters, agents, last })) };
}

/** A picked zip's entries, or a picked folder's files by their path below the folder. */
export async function pickedFiles(files: readonly File[]): Promise<{ source: string; files: Record<string, Uint8Array> }> {
  const first = files[0];
  if (!first) throw new ExportInputError('No file was picked.', { field: 'file' });
  if (files.length === 1 && !first.webkitRelativePath) return { source: first.name, files: unzipFiles(new Uint8Array(await first.arrayBuffer()), first.name) };
  const out: Record<string, Uint8Array> = {};
  for (const f of files) out[f.webkitRelativePath || f.name] = new Uint8Array(await f.arrayBuffer());
  return { source: first.webkitRelativePath.split('/')[0] || 'the picked folder', files: out };
}

// A run's stored adapters as engine adapters: PEFT files from IndexedDB (a trained or an imported
// run) loaded into an Engine by name, and seeded generation with one of them.

import type { AgentName } from '../agents/names';
import type { Engine, GenerateOptions, Generation } from '../model/engine';
import { ModelFileMissingError } from '../model/errors';
import type { FileProgress, ModelFiles } from '../model/files';
import type { LabDb } from '../homes/storage/db';
import { ExportInputError } from './errors';

/** ModelFiles over files held in memory (a stored adapter, an unzipped archive). */
export function memoryFiles(files: Record<string, Uint8Array>, location: string): ModelFiles {
  return {
    location,
    has: (name) => Promise.resolve(name in files),
    read(name, onProgress?: (p: FileProgress) => void) {
      const bytes = files[name];
      if (!bytes) return Promise.reject(new ModelFileMissingError(`${location} has no ${name}.`, { file: name }));
      onProgress?.({ file: name, loaded: bytes.byteLength, total: bytes.byteLength });
      return Promise.resolve(bytes);
    },
  };
}

/** Load a run's stored adapter of one agent into the engine as `name` (replacing one of that name). */
export async function loadRunAdapter(engine: Engine, db: LabDb, runId: string, agent: AgentName, name = `${runId}/${agent}`): Promise<string> {
  const row = await db.adapters.get([runId, agent]);
  if (!row) throw new ExportInputError(`Run ${runId} has no stored ${agent} adapter; train it to a checkpoint or import one.`, { runId, agent });
  if (engine.adapterNames().includes(name)) engine.removeAdapter(name);
  await engine.loadAdapter(name, memoryFiles(row.files, `run ${runId} ${agent} adapter`));
  return name;
}

/** Generate from token-id prompts with a run's adapter of one agent active; the engine's active adapter is restored after. */
export async function generateWithRunAdapter(engine: Engine, db: LabDb, runId: string, agent: AgentName, prompts: number[][], opts: GenerateOptions): Promise<Generation[]> {
  const name = await loadRunAdapter(engine, db, runId, agent);
  const before = engine.activeAdapter;
  engine.setActiveAdapter(name);
  try {
    return await engine.generate(prompts, opts);
  } finally {
    engine.setActiveAdapter(before);
    engine.removeAdapter(name);
  }
}

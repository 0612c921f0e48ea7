// Test doubles for the export tests only (imported by *.test.ts, never by the app): a fresh
// in-memory database, the fixture base and its PEFT adapter, and a stored run around them.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { parseModelConfig } from '../model/config';
import { resolveConfig } from '../rl/config';
import type { RunRecord } from '../run/runStore';
import { LabDb } from '../homes/storage/db';
import { defaultSetup } from '../run/setup';
import type { BaseModelInfo } from './adapterFit';
import type { PeftFiles } from './adapterArchive';

export const FIXTURE_MODEL = 'tiny-llama-f32';
export const FIXTURE_DIR = join(process.cwd(), '..', 'shared', 'fixtures', 'models', FIXTURE_MODEL);

export function freshDb(): LabDb {
  return new LabDb({ indexedDB: new IDBFactory(), IDBKeyRange });
}

/** The fixture model's config as an import target. */
export function fixtureBase(name = FIXTURE_MODEL): BaseModelInfo & { ref: { kind: 'bundled'; name: string } } {
  return { name, config: parseModelConfig(JSON.parse(readFileSync(join(FIXTURE_DIR, 'config.json'), 'utf8'))), ref: { kind: 'bundled', name } };
}

/** The fixture's PEFT adapter (written by Python PEFT: r 4, alpha 8, all seven targets). */
export function fixtureAdapter(): PeftFiles {
  const read = (f: string) => new Uint8Array(readFileSync(join(FIXTURE_DIR, 'adapter', f)));
  return { 'adapter_config.json': read('adapter_config.json'), 'adapter_model.safetensors': read('adapter_model.safetensors') };
}

/** The same adapter with its adapter_config.json edited. */
export function withConfig(files: PeftFiles, patch: Record<string, unknown>): PeftFiles {
  const cfg = JSON.parse(new TextDecoder().decode(files['adapter_config.json'])) as Record<string, unknown>;
  return { ...files, 'adapter_config.json': new TextEncoder().encode(JSON.stringify({ ...cfg, ...patch })) };
}

export function runRecord(id: string, step = 2): RunRecord {
  const setup = defaultSetup();
  setup.model = { kind: 'bundled', name: FIXTURE_MODEL };
  setup.rl = resolveConfig({ num_generations: 2, max_completion_length: 4 });
  setup.lora = { r: 4, alpha: 8, targets: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] };
  return { id, setup, status: 'done', createdAt: Date.UTC(2026, 10, 23), updatedAt: Date.UTC(2026, 10, 23), step, checkpointStep: step, baseModel: FIXTURE_MODEL };
}

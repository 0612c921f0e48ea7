// The base an adapter import is checked against: the setup's model as a name (as PEFT configs and
// the trainer record it) and its parsed config.json, read through any ModelFiles.

import { parseModelConfig } from '../model/config';
import { readJson, type ModelFiles } from '../model/files';
import type { ModelRef } from '../model/modelRef';
import type { AdapterImportTarget } from './importAdapters';

/** The name the trainer writes as base_model_name_or_path for this model (see trainer/browserDeps.ts and cli/nodeModel.ts). */
export function baseModelName(ref: ModelRef): string {
  return ref.kind === 'hub' ? ref.repo : ref.name;
}

export async function importTarget(ref: ModelRef, files: ModelFiles): Promise<AdapterImportTarget> {
  return { ref, name: baseModelName(ref), config: parseModelConfig(await readJson(files, 'config.json')) };
}

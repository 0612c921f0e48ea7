// A checkpoint's tensors by name, from `model.safetensors` or a sharded `model.safetensors.index.json`,
// read only through ModelFiles. A tensor the index names but its shard lacks is a named error.

import type { FileProgress, ModelFiles } from './files';
import { readJson } from './files';
import { SafetensorsHeaderError, WeightMismatchError } from './engineErrors';
import { parseSafetensors, readTensor, type HostTensor } from './safetensors';

export const INDEX_FILE = 'model.safetensors.index.json';

export interface Checkpoint {
  location: string;
  names(): string[];
  has(name: string): boolean;
  /** The tensor as float32; WeightMismatchError when absent. */
  get(name: string): HostTensor;
}

/** Open a checkpoint: the sharded index when present, else `weightsFile` (default model.safetensors); byte progress per file. */
export async function openCheckpoint(
  files: ModelFiles,
  weightsFile = 'model.safetensors',
  onProgress?: (p: FileProgress) => void,
): Promise<Checkpoint> {
  const where = new Map<string, ReturnType<typeof parseSafetensors>>();
  if (await files.has(INDEX_FILE)) {
    const index = await readJson<{ weight_map?: Record<string, unknown> }>(files, INDEX_FILE);
    const map = index.weight_map;
    if (typeof map !== 'object' || map === null) {
      throw new SafetensorsHeaderError(`${files.location}/${INDEX_FILE} has no "weight_map" object.`, { file: INDEX_FILE, tensor: null });
    }
    const shards = new Map<string, ReturnType<typeof parseSafetensors>>();
    for (const [name, shard] of Object.entries(map)) {
      if (typeof shard !== 'string') {
        throw new SafetensorsHeaderError(`${INDEX_FILE}: weight_map["${name}"] must be a file name.`, { file: INDEX_FILE, tensor: name });
      }
      let st = shards.get(shard);
      if (!st) {
        st = parseSafetensors(await files.read(shard, onProgress), shard);
        shards.set(shard, st);
      }
      if (!st.tensors.has(name)) {
        throw new WeightMismatchError(`${INDEX_FILE} puts tensor "${name}" in ${shard}, which does not contain it. Re-download the shards.`, {
          file: shard,
          tensor: name,
        });
      }
      where.set(name, st);
    }
  } else {
    const st = parseSafetensors(await files.read(weightsFile, onProgress), weightsFile);
    for (const name of st.tensors.keys()) where.set(name, st);
  }
  return {
    location: files.location,
    names: () => [...where.keys()],
    has: (name) => where.has(name),
    get(name) {
      const st = where.get(name);
      if (!st) {
        throw new WeightMismatchError(`${files.location}: tensor "${name}" is missing from the checkpoint. Is this the right model for its config.json?`, {
          tensor: name,
        });
      }
      return readTensor(st, name);
    },
  };
}

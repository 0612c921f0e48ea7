// What the setup panel shows about a Hugging Face model before its weights are downloaded: the
// files the engine would fetch and their total size (from the listing), and the shape in config.json.

import { readJson } from '../files';
import { shapeFromConfig, type ModelShape } from '../memoryEstimate';
import { hubFiles, listHubFiles, type HubOptions } from './hub';

export interface HubModelInfo {
  shape: ModelShape;
  /** Bytes the engine downloads: config, tokenizer files and safetensors weights. */
  downloadBytes: number;
  /** The files counted in downloadBytes, by name. */
  files: string[];
}

/** The files a Llama-family model loads from a repository (weights may be sharded). */
export function isEngineFile(name: string): boolean {
  return (
    !name.includes('/') &&
    (['config.json', 'tokenizer.json', 'tokenizer_config.json', 'generation_config.json', 'model.safetensors.index.json'].includes(name) ||
      name.endsWith('.safetensors'))
  );
}

/** Lists the repository and reads only config.json; throws the hub's named errors (not found, gated, bad config). */
export async function hubModelInfo(opts: HubOptions): Promise<HubModelInfo> {
  const listing = await listHubFiles(opts);
  const files = [...listing.values()].filter((f) => isEngineFile(f.name));
  const config = await readJson(hubFiles(opts), 'config.json');
  return {
    shape: shapeFromConfig(config),
    // The hub listing always carries sizes (parseTree rejects entries without one).
    downloadBytes: files.reduce((n, f) => n + (f.size ?? 0), 0),
    files: files.map((f) => f.name).sort(),
  };
}

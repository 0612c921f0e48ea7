// Loading a run's model, dataset and judge in Node (the CLI): folders on disk, bundled models under
// public/models/, synthetic worlds from their seed; the Node side of the trainer's dependencies.

import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { syntheticWorld } from '../rl/syntheticWorld';
import type { Dataset } from '../env/types';
import { frozenBaseJudge } from '../judge/frozenBase';
import type { Judge } from '../judge/judge';
import { rubricJudge } from '../judge/rubric';
import { Engine } from '../model/engine';
import { ModelFileMissingError } from '../model/errors';
import { nodeFolderFiles } from '../model/sources/nodeFolder';
import { loadTokenizer } from '../model/tokenizer';
import type { DatasetRef } from '../env/datasetRef';
import type { JudgeRef } from '../judge/judgeRef';
import type { ModelRef, Precision } from '../model/modelRef';
import { tokenizerCodec } from '../rl/codec';
import { ConfigError } from '../rl/errors';
import { TrainerSetupError } from '../rl/trainerErrors';
import type { LoadedModel } from '../run/training/deps';
import { BUNDLED_MODEL, BUNDLED_NAME } from '../run/setup';

export { parseModelArg } from '../run/runConfig';

/** Where a model lives on disk: a folder path, or public/models/<name> for a bundled one. */
export function modelDir(ref: ModelRef, root = process.cwd()): string {
  switch (ref.kind) {
    case 'folder':
      return resolve(root, ref.name);
    case 'bundled':
      if (!BUNDLED_NAME.test(ref.name) || ref.name.includes('..')) {
        throw new ConfigError(`"bundled:${ref.name}" is not a bundled model: bundled models are folders directly under public/models, named plainly (e.g. bundled:${BUNDLED_MODEL}). Give a folder path for any other model.`, { field: 'model' });
      }
      return join(root, 'public', 'models', ref.name);
    case 'hub':
      throw new TrainerSetupError(`The CLI cannot download ${ref.repo} (no network here). Download it once in the browser lab or by hand, then pass its folder with --model PATH.`, { field: 'model' });
  }
}

/** The files a model folder needs to train (config, tokenizer, weights), checked before a run is written. */
export function checkModelFolder(ref: ModelRef): void {
  const dir = modelDir(ref);
  const need = 'a Hugging Face model folder holds config.json, tokenizer.json and model.safetensors (or a sharded index)';
  if (!existsSync(dir)) throw new ModelFileMissingError(`The model folder ${dir} does not exist; ${need}. Check --model or "model".`, { file: dir });
  if (!statSync(dir).isDirectory()) throw new ModelFileMissingError(`${dir} is a file, not a model folder; ${need}.`, { file: dir });
  for (const f of ['config.json', 'tokenizer.json']) {
    if (!existsSync(join(dir, f))) throw new ModelFileMissingError(`${join(dir, f)} does not exist; ${need}. Copy the missing file from the model's release.`, { file: f });
  }
  if (!existsSync(join(dir, 'model.safetensors')) && !existsSync(join(dir, 'model.safetensors.index.json'))) {
    throw new ModelFileMissingError(`${dir} has no model.safetensors (nor model.safetensors.index.json); ${need}.`, { file: 'model.safetensors' });
  }
}

export async function loadNodeModel(ref: ModelRef, onBytes?: (done: number, total: number) => void, precision: Precision = 'f32'): Promise<LoadedModel> {
  const dir = modelDir(ref);
  const files = nodeFolderFiles(dir);
  const engine = await Engine.load(files, { onProgress: onBytes ? (p) => onBytes(p.loaded, p.total ?? 0) : undefined, precision });
  const codec = tokenizerCodec(await loadTokenizer(files));
  return { engine, codec, baseModel: ref.kind === 'bundled' ? ref.name : basename(dir) };
}

export function loadNodeDataset(ref: DatasetRef): Dataset {
  if (ref.kind === 'stored') throw new TrainerSetupError(`Dataset "${ref.id}" lives in a browser's IndexedDB; the CLI trains on generated worlds (dataset.kind "synthetic").`, { field: 'dataset' });
  return syntheticWorld(ref);
}

/** The profile judge a run asks for; WebLLM needs a browser GPU, so in Node it falls back to the rubric only when allowed. */
export function nodeJudge(ref: JudgeRef, model: LoadedModel, warn: (msg: string) => void): Judge {
  switch (ref.kind) {
    case 'rubric':
      return rubricJudge();
    case 'frozen-base':
      return frozenBaseJudge(model.engine, model.codec);
    case 'webllm':
      if (!ref.allowFallback) throw new TrainerSetupError(`The WebLLM judge (${ref.modelId}) runs only in a browser with WebGPU; the CLI cannot start it. Use judge "rubric" or "frozen-base", or allow the fallback.`, { field: 'judge' });
      warn(`WebLLM judge ${ref.modelId} cannot start in Node; falling back to the rubric judge as allowed.`);
      return rubricJudge();
  }
}

// Loading a run's model, dataset and judge in Node (the CLI): folders on disk, bundled models under
// public/models/, synthetic worlds from their seed; the Node side of the trainer's dependencies.

import { basename, join, resolve } from 'node:path';
import { syntheticWorld } from '../rl/syntheticWorld';
import type { Dataset } from '../env/types';
import { frozenBaseJudge } from '../judge/frozenBase';
import type { Judge } from '../judge/judge';
import { rubricJudge } from '../judge/rubric';
import { Engine } from '../model/engine';
import { nodeFolderFiles } from '../model/sources/nodeFolder';
import { loadTokenizer } from '../model/tokenizer';
import type { DatasetRef, JudgeRef, ModelRef, Precision } from '../protocol/trainer';
import { tokenizerCodec } from '../rl/codec';
import { TrainerSetupError } from '../rl/trainer/errors';
import type { LoadedModel } from '../rl/trainer/trainer';

/** Where a model lives on disk: a folder path, or public/models/<name> for a bundled one. */
export function modelDir(ref: ModelRef, root = process.cwd()): string {
  switch (ref.kind) {
    case 'folder':
      return resolve(root, ref.name);
    case 'bundled':
      return join(root, 'public', 'models', ref.name);
    case 'hub':
      throw new TrainerSetupError(`The CLI cannot download ${ref.repo} (no network here). Download it once in the browser lab or by hand, then pass its folder with --model PATH.`, { field: 'model' });
  }
}

/** "bundled:NAME" or a folder path → a ModelRef. */
export function parseModelArg(arg: string): ModelRef {
  return arg.startsWith('bundled:') ? { kind: 'bundled', name: arg.slice('bundled:'.length) } : { kind: 'folder', name: arg };
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

// The lab-model build's checkpoint on disk: which stage, how far, the finished stages' logs, and the
// parameters and Adam moments in one float32 file, written whole or not at all (temp folder, rename).

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { StageCheckpoint, StageLog } from './pretrain';
import type { Recipe } from './recipe';

export interface BuildCheckpoint {
  /** Index of the stage the checkpoint is in (0 pretrain, 1 warm start). */
  stageIndex: number;
  /** The stages finished before it. */
  done: StageLog[];
  cp: StageCheckpoint;
}

/** state.json: the checkpoint's small fields (the tensors go in tensors.bin). */
interface StateFile extends Omit<StageCheckpoint, 'adam' | 'params'> {
  format: 'comam-lab-build-checkpoint';
  version: 1;
  recipe: string;
  stageIndex: number;
  done: StageLog[];
  adamT: number;
  /** Parameter names and lengths, in the order of tensors.bin (params, then Adam m, then v). */
  tensors: [string, number][];
}

/** A recipe's fingerprint: a checkpoint resumes only the recipe that wrote it. */
export function recipeHash(recipe: Recipe): string {
  return createHash('sha256').update(JSON.stringify(recipe)).digest('hex');
}

/** Write the checkpoint into `dir` whole: into `dir.tmp`, then renamed over the old one. */
export function saveBuildCheckpoint(dir: string, recipe: Recipe, b: BuildCheckpoint): void {
  const names = [...b.cp.params.keys()].sort();
  const lengths = names.map((n): [string, number] => [n, b.cp.params.get(n)?.length ?? 0]);
  const total = lengths.reduce((a, [, l]) => a + l, 0);
  const blob = new Float32Array(3 * total);
  let at = 0;
  for (const source of [b.cp.params, b.cp.adam.m, b.cp.adam.v]) {
    for (const n of names) {
      const data = source.get(n);
      if (!data) throw new Error(`checkpoint lacks ${n}`);
      blob.set(data, at);
      at += data.length;
    }
  }
  const state: StateFile = {
    format: 'comam-lab-build-checkpoint',
    version: 1,
    recipe: recipeHash(recipe),
    stageIndex: b.stageIndex,
    done: b.done,
    stage: b.cp.stage,
    step: b.cp.step,
    rng: b.cp.rng,
    queue: b.cp.queue,
    tokensSeen: b.cp.tokensSeen,
    losses: b.cp.losses,
    seconds: b.cp.seconds,
    adamT: b.cp.adam.t,
    tensors: lengths,
  };
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(`${tmp}/tensors.bin`, new Uint8Array(blob.buffer));
  // The state file last: a folder with it is complete.
  writeFileSync(`${tmp}/state.json`, JSON.stringify(state));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

/**
 * The checkpoint in `dir` (finishing a rename a kill interrupted), or undefined when there is none.
 * A checkpoint of another recipe, or a damaged one, is an error that says what to do: never a silent restart.
 */
export function loadBuildCheckpoint(dir: string, recipe: Recipe): BuildCheckpoint | undefined {
  const tmp = `${dir}.tmp`;
  if (!existsSync(`${dir}/state.json`) && existsSync(`${tmp}/state.json`)) {
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  }
  if (!existsSync(dir)) return undefined;
  let state: StateFile;
  let bytes: Buffer;
  try {
    state = JSON.parse(readFileSync(`${dir}/state.json`, 'utf8')) as StateFile;
    bytes = readFileSync(`${dir}/tensors.bin`);
  } catch (err) {
    throw new Error(`The build checkpoint in ${dir} is damaged (${(err as Error).message}); delete the folder to build from scratch.`, { cause: err });
  }
  if (state.format !== 'comam-lab-build-checkpoint' || state.version !== 1) throw new Error(`${dir} is not a lab-model build checkpoint; delete it or pass another --checkpoint folder.`);
  if (state.recipe !== recipeHash(recipe)) throw new Error(`The build checkpoint in ${dir} was written by another recipe; delete the folder to build ${recipe.name} from scratch.`);
  const total = state.tensors.reduce((a, [, l]) => a + l, 0);
  if (bytes.length !== 12 * total) throw new Error(`The build checkpoint in ${dir} has ${bytes.length} tensor bytes, not ${12 * total}; delete the folder to build from scratch.`);
  const blob = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  let at = 0;
  const read = () => {
    const out = new Map<string, Float32Array>();
    for (const [n, l] of state.tensors) {
      out.set(n, blob.slice(at, at + l));
      at += l;
    }
    return out;
  };
  const params = read();
  const m = read();
  const v = read();
  return {
    stageIndex: state.stageIndex,
    done: state.done,
    cp: { stage: state.stage, step: state.step, rng: state.rng, queue: state.queue, tokensSeen: state.tokensSeen, losses: state.losses, seconds: state.seconds, adam: { t: state.adamT, m, v }, params },
  };
}

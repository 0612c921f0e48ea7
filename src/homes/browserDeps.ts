// The trainer worker's dependencies in a browser: the model from the bundled folder or the Hub, the
// dataset generated or from IndexedDB, the judge, Web Locks, and lost-GPU-device detection.

import * as tf from '@tensorflow/tfjs-core';
import { syntheticWorld } from '../rl/syntheticWorld';
import type { Dataset } from '../env/types';
import { frozenBaseJudge } from '../judge/frozenBase';
import type { Judge } from '../judge/judge';
import { rubricJudge } from '../judge/rubric';
import { recreateBackend } from '../model/backend';
import { Engine } from '../model/engine';
import { bundledFiles } from '../model/sources/bundled';
import { hubFiles } from '../model/sources/hub';
import { loadTokenizer } from '../model/tokenizer';
import type { ModelFiles } from '../model/files';
import type { DatasetRef } from '../env/datasetRef';
import type { JudgeRef } from '../judge/judgeRef';
import type { ModelRef, Precision } from '../model/modelRef';
import { tokenizerCodec } from '../rl/codec';
import { TrainerSetupError } from '../rl/trainerErrors';
import type { ProgressFn } from '../protocol/progress';
import type { LoadedModel } from '../run/training/deps';
import { labDb, loadDataset } from './storage/db';

/** ModelFiles for a ModelRef in the browser ("folder" models must be picked again: they are not stored). */
export function browserModelFiles(ref: ModelRef): ModelFiles {
  switch (ref.kind) {
    case 'bundled':
      return bundledFiles(ref.name);
    case 'hub':
      return hubFiles({ repo: ref.repo, revision: ref.revision });
    case 'folder':
      throw new TrainerSetupError(`Model folder "${ref.name}" was picked in another session; pick it again in the Model panel, or train on the bundled model.`, { field: 'model' });
  }
}

/**
 * The model at `precision`, reporting each phase: file bytes read (download or cache), the weights
 * quantized and uploaded, and a warm-up forward pass that compiles the forward shaders before the first step.
 */
export async function loadBrowserModel(ref: ModelRef, progress: ProgressFn, precision: Precision = 'f32'): Promise<LoadedModel> {
  const files = browserModelFiles(ref);
  const upload = `uploading the weights at ${precision}`;
  const engine = await Engine.load(files, {
    precision,
    onProgress: (p) => {
      const total = p.total ?? p.loaded;
      progress('download', p.loaded, total, 'bytes', `${p.file}`);
      if (p.loaded >= total && p.file.endsWith('.safetensors')) progress('load-weights', 0, 1, 'models', upload);
    },
  });
  progress('load-weights', 1, 1, 'models', `${upload}: done`);
  const codec = tokenizerCodec(await loadTokenizer(files));
  progress('compile', 0, 1, 'passes', 'warm-up forward pass (compiles the shaders on WebGPU)');
  const warm = engine.logits({ ids: [[0, 1]], valid: [[1, 1]] });
  await warm.data();
  warm.dispose();
  progress('compile', 1, 1, 'passes', 'warm-up forward pass done');
  return { engine, codec, baseModel: ref.kind === 'hub' ? ref.repo : ref.name };
}

export async function loadBrowserDataset(ref: DatasetRef): Promise<Dataset> {
  if (ref.kind === 'synthetic') {
    return syntheticWorld(ref);
  }
  const ds = await loadDataset(labDb(), ref.id);
  if (!ds) throw new TrainerSetupError(`Dataset "${ref.id}" is not stored in this browser; import or generate it in the Dataset panel.`, { field: 'dataset' });
  return ds;
}

/** Rubric and frozen-base judges here; a WebLLM judge is made by the caller (it needs its own worker). */
export function localJudge(ref: JudgeRef, model: LoadedModel): Judge | undefined {
  if (ref.kind === 'rubric') return rubricJudge();
  if (ref.kind === 'frozen-base') return frozenBaseJudge(model.engine, model.codec);
  return undefined;
}

let deviceLost: string | undefined;
let lost: Promise<string> | undefined;

/** How long a failed step waits for the device's lost promise before calling the error an ordinary one. */
const LOST_GRACE_MS = 2000;

/** The WebGPU backend's device, when WebGPU is the active backend. */
function activeDevice(): GPUDevice | undefined {
  if (tf.getBackend() !== 'webgpu') return undefined;
  return (tf.backend() as unknown as { device?: GPUDevice }).device;
}

/** Watch the WebGPU backend's device; once lost, isDeviceLost() answers true for any error. */
export function watchDevice(): void {
  lost = activeDevice()?.lost.then((info) => {
    deviceLost = info.message || info.reason || 'lost';
    return deviceLost;
  });
}

/**
 * Whether `err` came from a lost device: the lost flag, a device-lost message, or (reads on a destroyed
 * device reject first, e.g. "Buffer was unmapped before mapping was resolved") the watched device's lost
 * promise resolving within a short grace period.
 */
export async function isDeviceLost(err: unknown): Promise<boolean> {
  if (deviceLost !== undefined) return true;
  const msg = err instanceof Error ? `${err.name} ${err.message}` : String(err);
  if (/device (is |was |has been )?(lost|destroyed)|GPUDevice.*(lost|destroyed)/i.test(msg)) return true;
  if (lost === undefined) return false;
  return Promise.race([lost.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), LOST_GRACE_MS))]);
}

/**
 * Before loading on WebGPU again: when the device was lost, drop the old backend (its tensors were
 * disposed with the old engine) so the next initBackend requests a fresh adapter and device.
 */
export function freshDeviceIfLost(): void {
  if (deviceLost === undefined) return;
  recreateBackend('webgpu');
  deviceLost = undefined;
  lost = undefined;
}

/** E2E test hook only (the worker enables it on the dev server when asked): destroy the WebGPU device mid-run. */
export function destroyDeviceForTest(): boolean {
  const device = activeDevice();
  device?.destroy();
  return device !== undefined;
}

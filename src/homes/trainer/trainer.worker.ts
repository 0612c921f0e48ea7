// The trainer worker: the in-process trainer with browser dependencies (IndexedDB, Web Locks, the
// bundled or Hub model on WebGPU → wasm → cpu), served over the trainer protocol to the UI.

import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { rubricJudge } from '../../judge/rubric';
import { webLlmJudge } from '../../judge/webllm';
import { initBackend } from '../../model/backend';
import { parseBackendPreference } from '../../model/backendInfo';
import { enableGradients } from '../../model/gradients';
import { isTrainerTestMessage, type TrainerMessage } from '../../run/protocol/trainerMessages';
import { hostTrainer } from './trainerHost';
import { InProcessTrainer } from '../../run/trainer';
import { labDb } from '../storage/db';
import { DexieRunStore } from '../storage/runs';
import { destroyDeviceForTest, freshDeviceIfLost, isDeviceLost, loadBrowserDataset, loadBrowserModel, localJudge, watchDevice } from '../browserDeps';
import { webLocks } from '../webLocks';

const wasmPaths = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

/** The worker's name, "comam-trainer:<webgpu|wasm|cpu|auto>[:test]", picks the backend (default auto). */
const [, namedBackend, namedHooks] = self.name.split(':');
const backend = parseBackendPreference(namedBackend ?? null);
/** E2E test hooks: only on the dev server, and only when the page asked for them (":test"). */
const testHooks = import.meta.env.DEV && namedHooks === 'test';
const post = (m: TrainerMessage) => self.postMessage(m);


const trainer = new InProcessTrainer({
  store: new DexieRunStore(labDb()),
  lock: webLocks(navigator.locks),
  isDeviceLost,
  loadModel: async (ref, progress, precision) => {
    progress('compile', 0, 1, 'backends', `starting the ${backend} backend`);
    freshDeviceIfLost();
    const report = await initBackend(backend, { wasmPaths });
    await enableGradients();
    watchDevice();
    progress('compile', 1, 1, 'backends', `${report.backend} backend ready`);
    return loadBrowserModel(ref, progress, precision);
  },
  loadDataset: loadBrowserDataset,
  makeJudge: async (ref, model) => {
    const local = localJudge(ref, model);
    if (local) return local;
    if (ref.kind !== 'webllm') return rubricJudge();
    try {
      return await webLlmJudge({ modelId: ref.modelId, worker: new Worker(new URL('./judge.worker.ts', import.meta.url), { type: 'module' }) });
    } catch (err) {
      if (!ref.allowFallback) throw err;
      post({ kind: 'event', event: { kind: 'status', runId: '', status: 'loading', message: `${err instanceof Error ? err.message : String(err)} Falling back to the rubric judge, as allowed.` } });
      return rubricJudge();
    }
  },
});

const handle = hostTrainer(trainer, post);
self.addEventListener('message', (ev: MessageEvent) => {
  if (testHooks && isTrainerTestMessage(ev.data)) {
    destroyDeviceForTest();
    return;
  }
  void handle(ev.data);
});

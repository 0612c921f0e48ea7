// The replay worker: a stored run's adapters on a chosen history and question, off the UI thread
// (its own tfjs engine on WebGPU → wasm → cpu), served over src/protocol/replayMessages.ts.

import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { initBackend } from '../../model/backend';
import type { ReplayMessage } from '../../run/protocol/replayMessages';
import { labDb } from '../storage/db';
import { loadBrowserModel } from '../browserDeps';
import { hostReplay } from './replayHost';

const wasmPaths = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

const post = (m: ReplayMessage) => self.postMessage(m);
/** tfjs starts one backend per worker: the first request's. */
let started: Promise<unknown> | undefined;

const handle = hostReplay(
  {
    db: labDb(),
    loadModel: async (ref, progress, backend, precision) => {
      progress('compile', 0, 1, 'backends', `starting the ${backend} backend`);
      if (!started) started = initBackend(backend, { wasmPaths });
      await started;
      progress('compile', 1, 1, 'backends', 'backend ready');
      return loadBrowserModel(ref, progress, precision);
    },
  },
  post,
);
self.addEventListener('message', (ev: MessageEvent) => void handle(ev.data));

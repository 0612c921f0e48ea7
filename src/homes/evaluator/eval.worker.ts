// The eval worker: the in-process evaluator with browser dependencies (the bundled or Hub model on
// WebGPU → wasm → cpu, worlds generated or from IndexedDB, runs and their adapters from IndexedDB).

import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { AGENT_NAMES, perAgent } from '../../agents/names';
import { initBackend } from '../../model/backend';
import { parseBackendPreference } from '../../model/backendInfo';
import type { EvalMessage } from '../../run/protocol/evalMessages';
import { InProcessEvaluator } from '../../run/evaluator';
import { hostEvaluator } from './evalHost';
import { labDb } from '../storage/db';
import { loadBrowserDataset, loadBrowserModel } from '../browserDeps';

const wasmPaths = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

/** The worker's name, "comam-eval:<webgpu|wasm|cpu|auto>", picks the backend (default auto). */
const backend = parseBackendPreference(self.name.split(':')[1] ?? null);
const post = (m: EvalMessage) => self.postMessage(m);
let ready: Promise<void> | undefined;

const evaluator = new InProcessEvaluator({
  loadModel: async (ref, progress, precision) => {
    progress('compile', 0, 1, 'backends', `starting the ${backend} backend`);
    ready ??= initBackend(backend, { wasmPaths }).then(() => undefined);
    await ready;
    progress('compile', 1, 1, 'backends', 'backend ready');
    return loadBrowserModel(ref, progress, precision);
  },
  loadDataset: loadBrowserDataset,
  loadRun: async (runId) => {
    const db = labDb();
    const run = await db.runs.get(runId);
    if (!run) return undefined;
    const rows = await db.adapters.where('runId').equals(runId).toArray();
    const byAgent = new Map(rows.map((r) => [r.agent, r]));
    if (!AGENT_NAMES.every((n) => byAgent.has(n))) return { setup: run.setup };
    const step = Math.min(...rows.map((r) => r.step));
    return { setup: run.setup, adapters: { step, files: perAgent((n) => byAgent.get(n)?.files ?? {}) } };
  },
});

const handle = hostEvaluator(evaluator, post);
self.addEventListener('message', (ev: MessageEvent) => void handle(ev.data));

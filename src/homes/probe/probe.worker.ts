// Thin worker entry: answers backend probes with the shared handler.

import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { handleProbeRequest } from '../../model/probe';
import type { Request } from '../../protocol/messages';

const wasmPaths = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

self.addEventListener('message', (ev: MessageEvent<Request>) => {
  void handleProbeRequest(ev.data, { wasmPaths }).then((reply) => self.postMessage(reply));
});

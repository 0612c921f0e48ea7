// A gradient worker of GradientPool: holds the tiny model over the shared parameters and, per step,
// accumulates the loss gradient of its share of the batch into its own shared gradient buffers.

import { parentPort, workerData } from 'node:worker_threads';
import { accumulateShare, type PackedExample, type PoolInit, type PoolReply, type PoolRequest } from './gradPool';
import { TinyLlama, type TinyParams } from './tinyLlama';

const init = workerData as PoolInit;
const params: TinyParams = new Map(init.params.map((p) => [p.name, { shape: p.shape, data: new Float32Array(p.buffer) }]));
const grads = new Map(init.grads.map((g) => [g.name, new Float32Array(g.buffer)]));
const model = new TinyLlama(init.cfg, params);
let examples: PackedExample[] = [];

parentPort?.on('message', (req: PoolRequest) => {
  let reply: PoolReply;
  try {
    if (req.kind === 'examples') {
      examples = req.examples;
      reply = { loss: 0 };
    } else {
      reply = { loss: accumulateShare(model, examples, req.indices, req.scale, grads) };
    }
  } catch (e) {
    reply = { loss: 0, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});

// EvaluatorApi's second home, as the UI sees it: a proxy that speaks the eval protocol to the eval
// worker (eval.worker.ts, beside it), so evaluation never blocks the page; progress comes back per request.

import type { Endpoint } from '../../protocol/client';
import { deserializeError, WorkerCrashedError } from '../../protocol/errors';
import type { EvalProgress, EvalRequestOptions, EvalResult, EvalTarget, EvaluatorApi } from '../../run/protocol/evaluator';
import { isEvalMessage, type EvalRequest } from '../../run/protocol/evalMessages';

type Pending = { resolve: (r: EvalResult) => void; reject: (e: Error) => void; onProgress?: (p: EvalProgress) => void };

export class WorkerEvaluator implements EvaluatorApi {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly endpoint: Endpoint) {
    endpoint.addEventListener('message', (ev: MessageEvent) => this.onMessage(ev.data));
    endpoint.addEventListener('error', (ev: Event) => {
      const message = ev instanceof ErrorEvent ? ev.message : 'the eval worker failed to start or crashed';
      const err = new WorkerCrashedError(`Eval worker error: ${message}. Reload the page and evaluate again.`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
  }

  private onMessage(data: unknown): void {
    if (!isEvalMessage(data)) return;
    const p = this.pending.get(data.id);
    if (!p) return;
    if (data.kind === 'progress') {
      p.onProgress?.(data.progress);
      return;
    }
    this.pending.delete(data.id);
    if (data.kind === 'failed') p.reject(deserializeError(data.error));
    else p.resolve(data.result);
  }

  evaluate(target: EvalTarget, options: EvalRequestOptions, onProgress?: (p: EvalProgress) => void): Promise<EvalResult> {
    const id = this.nextId++;
    const request: EvalRequest = { kind: 'evaluate', id, target, options };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.endpoint.postMessage(request);
    });
  }
}

/** Prefix of the eval worker's name; the backend follows it ("comam-eval:webgpu"). */
export const EVAL_WORKER_NAME = 'comam-eval';

/**
 * The UI's evaluator: a module worker running eval.worker.ts on `backend` (default auto).
 * The backend travels in the worker's name: Vite bundles a worker only when `new URL(...)` is written
 * inline in `new Worker(...)`, so the URL cannot carry a query string.
 */
export function createWorkerEvaluator(backend: 'auto' | 'webgpu' | 'wasm' | 'cpu' = 'auto'): { evaluator: WorkerEvaluator; worker: Worker } {
  const worker = new Worker(new URL('./eval.worker.ts', import.meta.url), { type: 'module', name: `${EVAL_WORKER_NAME}:${backend}` });
  return { evaluator: new WorkerEvaluator(worker), worker };
}

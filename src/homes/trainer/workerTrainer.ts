// TrainerApi's second home, as the UI sees it: a proxy that speaks the trainer protocol to the
// trainer worker (trainer.worker.ts, beside it) over any postMessage endpoint, events included.

import { deserializeError, serializeError, WorkerCrashedError } from '../../protocol/errors';
import type { Endpoint } from '../../protocol/client';
import type { RunSetup } from '../../run/runSetup';
import type { TrainerApi, TrainerEvent } from '../../run/protocol/trainer';
import { isTrainerMessage, type TrainerMessage, type TrainerRequest } from '../../run/protocol/trainerMessages';

type Pending = { resolve: (m: TrainerMessage) => void; reject: (e: Error) => void };
type Body = TrainerRequest extends infer R ? (R extends TrainerRequest ? Omit<R, 'id'> : never) : never;

export class WorkerTrainer implements TrainerApi {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(e: TrainerEvent) => void>();
  /** The run the worker last reported on, for the failure a crash means. */
  private lastRunId: string | undefined;

  constructor(private readonly endpoint: Endpoint) {
    endpoint.addEventListener('message', (ev: MessageEvent) => this.onMessage(ev.data));
    endpoint.addEventListener('error', (ev: Event) => {
      const detail = (ev as Partial<ErrorEvent>).message;
      const message = typeof detail === 'string' && detail !== '' ? detail : 'the trainer worker failed to start or crashed';
      const err = new WorkerCrashedError(`Trainer worker error: ${message}. Reload the page; the run resumes from its last checkpoint.`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      // A crash between requests (mid-run) must still reach the page: the run it was training failed.
      const runId = this.lastRunId;
      for (const l of this.listeners) {
        l({ kind: 'error', ...(runId !== undefined ? { runId } : {}), error: serializeError(err) });
        if (runId !== undefined) l({ kind: 'status', runId, status: 'failed', message: err.message });
      }
    });
  }

  private send(body: Body): Promise<TrainerMessage> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.endpoint.postMessage({ ...body, id });
    });
  }

  private onMessage(data: unknown): void {
    if (!isTrainerMessage(data)) return;
    if (data.kind === 'event') {
      if (data.event.runId) this.lastRunId = data.event.runId;
      for (const l of this.listeners) l(data.event);
      return;
    }
    const p = this.pending.get(data.id);
    if (!p) return;
    this.pending.delete(data.id);
    if (data.kind === 'failed') p.reject(deserializeError(data.error));
    else p.resolve(data);
  }

  async start(setup: RunSetup): Promise<{ runId: string }> {
    const reply = await this.send({ kind: 'start', setup });
    if (reply.kind !== 'started') throw new WorkerCrashedError(`The trainer worker answered "${reply.kind}" to start.`);
    return { runId: reply.runId };
  }

  async resume(runId: string): Promise<void> {
    await this.send({ kind: 'resume', runId });
  }

  async pause(): Promise<void> {
    await this.send({ kind: 'pause' });
  }

  async step(): Promise<void> {
    await this.send({ kind: 'step' });
  }

  async stop(): Promise<void> {
    await this.send({ kind: 'stop' });
  }

  subscribe(listener: (event: TrainerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Prefix of the trainer worker's name; the backend follows it ("comam-trainer:webgpu"), then ":test" for test hooks. */
export const TRAINER_WORKER_NAME = 'comam-trainer';

/**
 * The UI's trainer: a module worker running trainer.worker.ts on `backend` (default auto).
 * The backend travels in the worker's name: Vite bundles the worker only when `new URL(...)` is written
 * inline in `new Worker(...)`, so the URL cannot carry a query string. `testHooks` (e2e only, dev
 * server only) lets the test post TrainerTestMessages to the worker.
 */
export function createWorkerTrainer(backend: 'auto' | 'webgpu' | 'wasm' | 'cpu' = 'auto', opts: { testHooks?: boolean } = {}): { trainer: WorkerTrainer; worker: Worker } {
  const name = `${TRAINER_WORKER_NAME}:${backend}${opts.testHooks === true ? ':test' : ''}`;
  const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name });
  return { trainer: new WorkerTrainer(worker), worker };
}

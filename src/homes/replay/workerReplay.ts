// The UI's side of replay: sends one request to the replay worker (replay.worker.ts, beside it) and
// resolves with the three agents' outputs, reporting the worker's progress on the way.

import type { Endpoint } from '../../protocol/client';
import { deserializeError, WorkerCrashedError } from '../../protocol/errors';
import { isReplayMessage, type ReplayMessage, type ReplayRequest } from '../../run/protocol/replayMessages';
import type { ReplayResult } from '../../rl/replay';

export type ReplayProgress = Extract<ReplayMessage, { kind: 'progress' }>;
export type ReplayBody = Omit<ReplayRequest, 'kind' | 'id'>;

export interface ReplayApi {
  replay(body: ReplayBody, onProgress: (p: ReplayProgress) => void): Promise<{ result: ReplayResult; adapterStep: number }>;
}

interface Pending {
  onProgress: (p: ReplayProgress) => void;
  resolve: (v: { result: ReplayResult; adapterStep: number }) => void;
  reject: (e: Error) => void;
}

export class WorkerReplay implements ReplayApi {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly endpoint: Endpoint) {
    endpoint.addEventListener('message', (ev: MessageEvent) => this.onMessage(ev.data));
    endpoint.addEventListener('error', (ev: Event) => {
      const message = ev instanceof ErrorEvent ? ev.message : 'the replay worker failed to start or crashed';
      for (const p of this.pending.values()) p.reject(new WorkerCrashedError(`Replay worker error: ${message}. Reload the page and try again.`));
      this.pending.clear();
    });
  }

  private onMessage(data: unknown): void {
    if (!isReplayMessage(data)) return;
    const p = this.pending.get(data.id);
    if (!p) return;
    if (data.kind === 'progress') return p.onProgress(data);
    this.pending.delete(data.id);
    if (data.kind === 'failed') p.reject(deserializeError(data.error));
    else p.resolve({ result: data.result, adapterStep: data.adapterStep });
  }

  replay(body: ReplayBody, onProgress: (p: ReplayProgress) => void): Promise<{ result: ReplayResult; adapterStep: number }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { onProgress, resolve, reject });
      this.endpoint.postMessage({ ...body, kind: 'replay', id } satisfies ReplayRequest);
    });
  }
}

/**
 * A module worker running replay.worker.ts (WebGPU → wasm → cpu, as the probe picks). The
 * literal `new Worker(new URL(…), …)` is what lets Vite bundle the worker into a production build.
 */
export function createWorkerReplay(): WorkerReplay {
  return new WorkerReplay(new Worker(new URL('./replay.worker.ts', import.meta.url), { type: 'module' }));
}

/** A ReplayApi that starts the replay worker on its first request: the page attaches it at start, so the store never builds a worker. */
export function lazyWorkerReplay(create: () => ReplayApi = createWorkerReplay): ReplayApi {
  let api: ReplayApi | undefined;
  return { replay: (body, onProgress) => (api ??= create()).replay(body, onProgress) };
}

// A typed request/reply client over any postMessage endpoint (a Worker, or a MessagePort in tests).

import { WorkerCrashedError, deserializeError } from './errors';
import { isReply, type ReplyFor, type Request, type RequestKind } from './messages';

export interface Endpoint {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (ev: Event) => void): void;
}

type Pending = { resolve: (reply: unknown) => void; reject: (err: Error) => void };

export class ProtocolClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(endpoint: Endpoint) {
    this.endpoint = endpoint;
    endpoint.addEventListener('message', (ev: MessageEvent) => this.onMessage(ev.data));
    endpoint.addEventListener('error', (ev: Event) => {
      const message = ev instanceof ErrorEvent ? ev.message : 'the worker failed to start or crashed';
      this.failAll(new WorkerCrashedError(`Worker error: ${message}. Reload the page to restart it.`));
    });
  }

  private readonly endpoint: Endpoint;

  request<K extends RequestKind>(
    request: Omit<Extract<Request, { kind: K }>, 'id'>,
  ): Promise<ReplyFor[K]> {
    const id = this.nextId++;
    return new Promise<ReplyFor[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      this.endpoint.postMessage({ ...request, id });
    });
  }

  private onMessage(data: unknown): void {
    if (!isReply(data)) return;
    const waiter = this.pending.get(data.id);
    if (!waiter) return;
    this.pending.delete(data.id);
    if (data.kind === 'error') waiter.reject(deserializeError(data.error));
    else waiter.resolve(data);
  }

  private failAll(err: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
  }
}

// Test doubles for the sources (used by *.test.ts only): Cache Storage held in memory, whose entries a
// test can truncate or corrupt, and a fetch that serves fixed bodies in chunks and counts requests.

import type { CacheLike, CacheStorageLike, FetchLike } from './download';

export class MemoryCaches implements CacheStorageLike {
  readonly buckets = new Map<string, Map<string, Uint8Array>>();
  open(name: string): Promise<CacheLike> {
    let bucket = this.buckets.get(name);
    if (!bucket) this.buckets.set(name, (bucket = new Map<string, Uint8Array>()));
    const b = bucket;
    return Promise.resolve({
      match: (url: string) => {
        const body = b.get(url);
        return Promise.resolve(body ? new Response(new Uint8Array(body)) : undefined);
      },
      put: async (url: string, res: Response) => {
        b.set(url, new Uint8Array(await res.arrayBuffer()));
      },
      delete: (url: string) => Promise.resolve(b.delete(url)),
    });
  }
}

/** A full answer: a status, headers (e.g. the hub's X-Error-Code or a Link to the next page) and a body. */
export interface FakeAnswer {
  status: number;
  statusText?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Serves `routes` (URL → body or error); unknown URLs get 404. Bodies stream in 1000-byte chunks. */
export function fakeServer(routes: Record<string, Uint8Array | string | FakeAnswer>) {
  const hits = new Map<string, number>();
  const fetch: FetchLike = (url) => {
    hits.set(url, (hits.get(url) ?? 0) + 1);
    const route = routes[url];
    if (route === undefined) return Promise.resolve(new Response('not found', { status: 404, statusText: 'Not Found' }));
    const answer: FakeAnswer = route instanceof Uint8Array || typeof route === 'string' ? { status: 200 } : route;
    if (answer.status !== 200) return Promise.resolve(new Response(answer.body ?? 'error', answer));
    const raw = answer.body ?? (route as Uint8Array | string);
    const body = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < body.byteLength; i += 1000) c.enqueue(body.slice(i, i + 1000));
        c.close();
      },
    });
    return Promise.resolve(new Response(stream, { headers: { 'content-length': String(body.byteLength), ...answer.headers } }));
  };
  return { fetch, hits };
}

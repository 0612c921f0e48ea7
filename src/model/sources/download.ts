// Verified, cached downloads: a cache hit is re-verified before use (a truncated or corrupt entry is
// deleted and refetched); a fresh download is streamed with progress, verified, and only then cached.

import type { FileProgress } from '../files';
import { DownloadHttpError, DownloadNetworkError, FileChecksumMismatchError, FileSizeMismatchError } from './errors';
import { readStream } from './stream';
import { verifyBytes, type ExpectedFile } from './verify';

/** The part of `fetch` the sources use, so tests can pass a fake. */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** The part of a Cache the sources use (window.caches.open(...) satisfies it). */
export interface CacheLike {
  match(url: string): Promise<Response | undefined>;
  put(url: string, response: Response): Promise<void>;
  delete(url: string): Promise<boolean>;
}

/** The part of CacheStorage the sources use (window.caches satisfies it). */
export interface CacheStorageLike {
  open(name: string): Promise<CacheLike>;
}

/** What happened to one file, for logs, the UI and tests. */
export type CacheEvent =
  | { kind: 'hit'; file: string; url: string }
  | { kind: 'miss'; file: string; url: string }
  | { kind: 'corrupt'; file: string; url: string; reason: string }
  | { kind: 'stored'; file: string; url: string };

export interface DownloadDeps {
  /** Defaults to globalThis.fetch. */
  fetch?: FetchLike;
  /** Defaults to globalThis.caches; without one (Node, insecure page) files are verified but not cached. */
  caches?: CacheStorageLike | null;
  /** Cache Storage bucket; default MODEL_CACHE_NAME. */
  cacheName?: string;
  /** Sent with every request (for example an Authorization header for a gated hub repository). */
  headers?: Record<string, string>;
  onCacheEvent?: (e: CacheEvent) => void;
}

export const MODEL_CACHE_NAME = 'comam-lab-models-v1';

/** Turns an HTTP error status into the error to raise; sources refine it (hub: not found, gated). */
export type HttpErrorMapper = (res: Response, url: string, file: string) => Error;

export const plainHttpError: HttpErrorMapper = (res, url, file) =>
  new DownloadHttpError(`${file}: GET ${url} answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}. Check the address, or retry later if the server is busy.`, {
    file,
    url,
    status: res.status,
  });

export function defaultFetch(deps: DownloadDeps): FetchLike {
  const f: FetchLike | undefined = deps.fetch ?? globalThis.fetch;
  if (!f) throw new DownloadNetworkError('No fetch() in this runtime: pass one in the source options.');
  return f;
}

/** GET `url`, turning a thrown fetch into DownloadNetworkError and an error status through `mapError`. */
export async function httpGet(deps: DownloadDeps, url: string, file: string, mapError: HttpErrorMapper): Promise<Response> {
  let res: Response;
  try {
    res = await defaultFetch(deps)(url, deps.headers ? { headers: deps.headers } : undefined);
  } catch (err) {
    throw new DownloadNetworkError(`${file}: GET ${url} failed before any answer (${(err as Error).message}). Check the connection; the lab's CSP allows only the Hugging Face hub.`, {
      file,
      url,
    });
  }
  if (!res.ok) throw mapError(res, url, file);
  return res;
}

async function openCache(deps: DownloadDeps): Promise<CacheLike | undefined> {
  const storage = deps.caches === undefined ? (globalThis as { caches?: CacheStorageLike }).caches : deps.caches;
  if (!storage) return undefined;
  try {
    return await storage.open(deps.cacheName ?? MODEL_CACHE_NAME);
  } catch {
    return undefined;
  }
}

function isIntegrityError(err: unknown): err is FileSizeMismatchError | FileChecksumMismatchError {
  return err instanceof FileSizeMismatchError || err instanceof FileChecksumMismatchError;
}

/**
 * The bytes of `url`, verified against `expected`. A cached copy that fails verification is deleted
 * and downloaded again; a download that fails verification raises and is not cached.
 */
export async function downloadVerified(
  deps: DownloadDeps,
  url: string,
  expected: ExpectedFile,
  onProgress?: (p: FileProgress) => void,
  mapError: HttpErrorMapper = plainHttpError,
): Promise<Uint8Array> {
  const file = expected.name;
  const cache = await openCache(deps);
  if (cache) {
    const hit = await cache.match(url);
    if (hit) {
      try {
        const bytes = await readStream(hit.body, file, expected.size, onProgress);
        await verifyBytes(bytes, expected, `cached copy of ${url}`, 'It is deleted and downloaded again.');
        deps.onCacheEvent?.({ kind: 'hit', file, url });
        return bytes;
      } catch (err) {
        if (!isIntegrityError(err)) throw err;
        deps.onCacheEvent?.({ kind: 'corrupt', file, url, reason: err.message });
        await cache.delete(url);
      }
    }
  }
  deps.onCacheEvent?.({ kind: 'miss', file, url });
  const res = await httpGet(deps, url, file, mapError);
  const lengthHeader = res.headers.get('content-length');
  const total = expected.size ?? (lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined);
  const bytes = await readStream(res.body, file, total, onProgress);
  await verifyBytes(
    bytes,
    expected.size === undefined && total !== undefined ? { ...expected, size: total } : expected,
    `download of ${url}`,
    'The transfer was cut off or the file changed at its source: retry; if it fails again, the listing and the file disagree. Nothing was cached.',
  );
  if (cache) {
    // Response copies the bytes, so the caller may keep and change `bytes`.
    await cache.put(url, new Response(bytes, { headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength) } }));
    deps.onCacheEvent?.({ kind: 'stored', file, url });
  }
  return bytes;
}

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { downloadVerified, type CacheEvent, type FetchLike } from './download';
import { DownloadHttpError, DownloadNetworkError, FileChecksumMismatchError, FileSizeMismatchError } from './errors';
import { fakeServer, MemoryCaches } from './fakeWeb.testkit';
import { gitBlobSha1Hex, sha256Hex } from './verify';

const bytes = Uint8Array.from({ length: 4500 }, (_, i) => (i * 31) % 251);
const URL_A = 'https://example.test/a.bin';
const sha = createHash('sha256').update(bytes).digest('hex');

describe('verify', () => {
  it('computes sha256 and the git blob id as git does', async () => {
    expect(await sha256Hex(bytes)).toBe(sha);
    const text = new TextEncoder().encode('hello\n');
    expect(await gitBlobSha1Hex(text)).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });
});

describe('downloadVerified', () => {
  it('streams with progress, caches, and serves the next read from the cache', async () => {
    const server = fakeServer({ [URL_A]: bytes });
    const caches = new MemoryCaches();
    const events: CacheEvent['kind'][] = [];
    const deps = { fetch: server.fetch, caches, onCacheEvent: (e: CacheEvent) => events.push(e.kind) };
    const progress: number[] = [];
    const got = await downloadVerified(deps, URL_A, { name: 'a.bin', size: bytes.byteLength, sha256: sha }, (p) => {
      expect(p.total).toBe(4500);
      progress.push(p.loaded);
    });
    expect(got).toEqual(bytes);
    expect(progress).toEqual([0, 1000, 2000, 3000, 4000, 4500]);
    expect(caches.buckets.get('comam-lab-models-v1')?.get(URL_A)).toEqual(bytes);
    const again = await downloadVerified(deps, URL_A, { name: 'a.bin', size: bytes.byteLength, sha256: sha });
    expect(again).toEqual(bytes);
    expect(server.hits.get(URL_A)).toBe(1);
    expect(events).toEqual(['miss', 'stored', 'hit']);
  });

  it('detects a truncated or corrupt cache entry, deletes it and refetches', async () => {
    const server = fakeServer({ [URL_A]: bytes });
    const caches = new MemoryCaches();
    const events: CacheEvent[] = [];
    const deps = { fetch: server.fetch, caches, onCacheEvent: (e: CacheEvent) => events.push(e) };
    const expected = { name: 'a.bin', size: bytes.byteLength, sha256: sha };
    await downloadVerified(deps, URL_A, expected);
    const bucket = caches.buckets.get('comam-lab-models-v1')!;

    bucket.set(URL_A, bytes.slice(0, 3000));
    expect(await downloadVerified(deps, URL_A, expected)).toEqual(bytes);
    const flipped = bytes.slice();
    flipped[17] ^= 1;
    bucket.set(URL_A, flipped);
    expect(await downloadVerified(deps, URL_A, expected)).toEqual(bytes);
    bucket.set(URL_A, new Uint8Array([...bytes, 0]));
    expect(await downloadVerified(deps, URL_A, expected)).toEqual(bytes);

    expect(server.hits.get(URL_A)).toBe(4);
    expect(bucket.get(URL_A)).toEqual(bytes);
    const corrupt = events.filter((e) => e.kind === 'corrupt');
    expect(corrupt).toHaveLength(3);
    expect(corrupt[0]).toMatchObject({ reason: expect.stringMatching(/cached copy .* has 3000 bytes, expected 4500/) as unknown });
    expect(corrupt[1]).toMatchObject({ reason: expect.stringMatching(/has sha256 [0-9a-f]{64}, expected/) as unknown });
  });

  it('never caches a download that fails verification, and names the check', async () => {
    const caches = new MemoryCaches();
    const deps = { fetch: fakeServer({ [URL_A]: bytes }).fetch, caches };
    await expect(downloadVerified(deps, URL_A, { name: 'a.bin', size: 5000 })).rejects.toThrow(FileSizeMismatchError);
    await expect(downloadVerified(deps, URL_A, { name: 'a.bin', size: 4000 })).rejects.toThrow(/longer than the 4000 bytes/);
    const err = await downloadVerified(deps, URL_A, { name: 'a.bin', size: 4500, sha256: '0'.repeat(64) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileChecksumMismatchError);
    expect((err as Error).message).toMatch(/a\.bin: the download of .* has sha256 .*expected 0{64}.*retry.*Nothing was cached/);
    await expect(downloadVerified(deps, URL_A, { name: 'a.bin', gitSha1: 'f'.repeat(40) })).rejects.toThrow(/git blob id/);
    expect(caches.buckets.get('comam-lab-models-v1')?.size ?? 0).toBe(0);
  });

  it('checks Content-Length when nothing else is known', async () => {
    const fetch: FetchLike = () => Promise.resolve(new Response(bytes.slice(0, 10), { headers: { 'content-length': '20' } }));
    await expect(downloadVerified({ fetch, caches: null }, URL_A, { name: 'a.bin' })).rejects.toThrow(/has 10 bytes, expected 20/);
  });

  it('names HTTP errors with their status and network failures', async () => {
    const deps = { fetch: fakeServer({ [URL_A]: { status: 503, statusText: 'Service Unavailable' } }).fetch, caches: null };
    const err = await downloadVerified(deps, URL_A, { name: 'a.bin' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadHttpError);
    expect((err as DownloadHttpError).data).toMatchObject({ status: 503, url: URL_A, file: 'a.bin' });
    expect((err as Error).message).toMatch(/HTTP 503/);
    const offline: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(downloadVerified({ fetch: offline, caches: null }, URL_A, { name: 'a.bin' })).rejects.toThrow(DownloadNetworkError);
  });

  it('works without Cache Storage (verifies, caches nothing)', async () => {
    const server = fakeServer({ [URL_A]: bytes });
    const deps = { fetch: server.fetch, caches: null };
    expect(await downloadVerified(deps, URL_A, { name: 'a.bin', size: 4500, sha256: sha })).toEqual(bytes);
    expect(await downloadVerified(deps, URL_A, { name: 'a.bin', size: 4500, sha256: sha })).toEqual(bytes);
    expect(server.hits.get(URL_A)).toBe(2);
  });
});

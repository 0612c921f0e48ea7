import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelFileMissingError } from '../errors';
import { readJson } from '../files';
import { loadTokenizer } from '../tokenizer';
import type { CacheEvent } from './download';
import { DownloadHttpError, FileChecksumMismatchError, InvalidModelAddressError, ModelManifestError, RepositoryGatedError, RepositoryNotFoundError } from './errors';
import { fakeServer, MemoryCaches, type FakeAnswer } from './fakeWeb.testkit';
import { hubFiles, hubFileUrl, hubTreeUrl, parseHubAddress } from './hub';

const TINY = new URL('../../../../shared/fixtures/models/tiny-llama-f32', import.meta.url).pathname;
const REF = { repo: 'test-org/tiny-llama', revision: 'main' };

function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n), `${prefix}${n}/`) : [`${prefix}${n}`]));
}

/** The hub's tree listing of a fixture folder: safetensors as LFS files (sha256), the rest by git blob id. */
function hubListing(dir: string) {
  return walk(dir).map((path) => {
    const bytes = readFileSync(join(dir, path));
    if (path.endsWith('.safetensors')) {
      return { type: 'file', oid: 'a'.repeat(40), size: bytes.byteLength, path, lfs: { oid: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength, pointerSize: 134 } };
    }
    const oid = createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
    return { type: 'file', oid, size: bytes.byteLength, path };
  });
}

/** Byte equality without vitest's element-by-element diff of large arrays. */
function same(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function fakeHub(dir: string, extra: Record<string, Uint8Array | string | FakeAnswer> = {}) {
  const routes: Record<string, Uint8Array | string | FakeAnswer> = { [hubTreeUrl(REF)]: JSON.stringify(hubListing(dir)) };
  for (const path of walk(dir)) routes[hubFileUrl(REF, path)] = new Uint8Array(readFileSync(join(dir, path)));
  return fakeServer({ ...routes, ...extra });
}

describe('parseHubAddress', () => {
  it('takes repo ids and hub URLs', () => {
    expect(parseHubAddress('HuggingFaceTB/SmolLM2-135M-Instruct')).toEqual({ repo: 'HuggingFaceTB/SmolLM2-135M-Instruct' });
    expect(parseHubAddress('https://huggingface.co/Qwen/Qwen3-0.6B/')).toEqual({ repo: 'Qwen/Qwen3-0.6B', revision: undefined, endpoint: 'https://huggingface.co' });
    expect(parseHubAddress('https://hf-mirror.com/a/b/tree/v1.0')).toEqual({ repo: 'a/b', revision: 'v1.0', endpoint: 'https://hf-mirror.com' });
    expect(() => parseHubAddress('just-a-name')).toThrow(InvalidModelAddressError);
    expect(() => parseHubAddress('https://huggingface.co/a/b/blob')).toThrow(/not a model repository URL/);
  });

  it('builds resolve and tree URLs, encoding revisions and paths', () => {
    expect(hubFileUrl({ repo: 'a/b', revision: 'refs/pr/1' }, 'adapter/x y.json')).toBe('https://huggingface.co/a/b/resolve/refs%2Fpr%2F1/adapter/x%20y.json');
    expect(hubTreeUrl({ repo: 'a/b' })).toBe('https://huggingface.co/api/models/a/b/tree/main?recursive=true');
    expect(() => hubFileUrl({ repo: '../x' }, 'f')).toThrow(InvalidModelAddressError);
  });
});

describe('hubFiles', () => {
  it('lists, downloads with progress, verifies and caches a fixture model, subfolders included', async () => {
    const server = fakeHub(TINY);
    const caches = new MemoryCaches();
    const events: CacheEvent[] = [];
    const files = hubFiles({ ...REF, fetch: server.fetch, caches, onCacheEvent: (e) => events.push(e) });
    expect(files.location).toBe('https://huggingface.co/test-org/tiny-llama@main');
    expect(await files.has('config.json')).toBe(true);
    expect(await files.has('adapter/adapter_config.json')).toBe(true);
    expect(await files.has('pytorch_model.bin')).toBe(false);
    const seen: number[] = [];
    const weights = await files.read('model.safetensors', (p) => seen.push(p.loaded));
    expect(same(weights, readFileSync(join(TINY, 'model.safetensors')))).toBe(true);
    expect(seen.length).toBeGreaterThan(100);
    expect(seen.at(-1)).toBe(weights.byteLength);
    const config = await readJson<{ architectures: string[] }>(files, 'config.json');
    expect(config.architectures).toEqual(['LlamaForCausalLM']);
    const tok = await loadTokenizer(files);
    expect(tok.applyChatTemplate([{ role: 'user', content: 'hi' }], { addGenerationPrompt: false })).toBe('<|im_start|>user\nhi<|im_end|>\n');

    const again = hubFiles({ ...REF, fetch: server.fetch, caches, onCacheEvent: (e) => events.push(e) });
    expect(same(await again.read('model.safetensors'), weights)).toBe(true);
    expect(server.hits.get(hubFileUrl(REF, 'model.safetensors'))).toBe(1);
    expect(server.hits.get(hubTreeUrl(REF))).toBe(2);
    expect(events.filter((e) => e.file === 'model.safetensors').map((e) => e.kind)).toEqual(['miss', 'stored', 'hit']);
  });

  it('refetches a corrupt cached file and refuses a corrupt download', async () => {
    const url = hubFileUrl(REF, 'model.safetensors');
    const caches = new MemoryCaches();
    const good = fakeHub(TINY);
    const files = hubFiles({ ...REF, fetch: good.fetch, caches });
    const weights = await files.read('model.safetensors');
    const cached = caches.buckets.get('comam-lab-models-v1')!;
    const bad = weights.slice();
    bad[1000] ^= 0xff;
    cached.set(url, bad);
    expect(same(await files.read('model.safetensors'), weights)).toBe(true);
    expect(good.hits.get(url)).toBe(2);
    expect(same(cached.get(url), weights)).toBe(true);

    cached.clear();
    const corrupting = fakeHub(TINY, { [url]: bad });
    const err = await hubFiles({ ...REF, fetch: corrupting.fetch, caches })
      .read('model.safetensors')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileChecksumMismatchError);
    expect(cached.has(url)).toBe(false);

    const wrongJson = fakeHub(TINY, { [hubFileUrl(REF, 'config.json')]: '{"architectures": ["X"]}' });
    await expect(hubFiles({ ...REF, fetch: wrongJson.fetch, caches }).read('config.json')).rejects.toThrow(/config\.json: the download of .* has \d+ bytes/);
  });

  it('follows the listing pages of a large repository', async () => {
    const listing = hubListing(TINY);
    const page2 = 'https://huggingface.co/api/models/test-org/tiny-llama/tree/main?recursive=true&cursor=abc';
    const server = fakeHub(TINY, {
      [hubTreeUrl(REF)]: { status: 200, body: JSON.stringify(listing.slice(0, 2)), headers: { link: `<${page2}>; rel="next"` } },
      [page2]: JSON.stringify(listing.slice(2)),
    });
    const files = hubFiles({ ...REF, fetch: server.fetch, caches: null });
    for (const entry of listing) expect(await files.has(entry.path)).toBe(true);
  });

  it('names a missing file, a missing or gated repository, an HTTP error and a bad listing', async () => {
    const tree = hubTreeUrl(REF);
    const notFound = fakeHub(TINY, { [tree]: { status: 401, headers: { 'x-error-code': 'RepoNotFound' } } });
    await expect(hubFiles({ ...REF, fetch: notFound.fetch, caches: null }).has('config.json')).rejects.toThrow(RepositoryNotFoundError);
    const plain404 = fakeHub(TINY, { [tree]: { status: 404 } });
    await expect(hubFiles({ ...REF, fetch: plain404.fetch, caches: null }).has('config.json')).rejects.toThrow(/test-org\/tiny-llama was not found .*HTTP 404/);
    const noRev = fakeHub(TINY, { [tree]: { status: 404, headers: { 'x-error-code': 'RevisionNotFound' } } });
    await expect(hubFiles({ ...REF, fetch: noRev.fetch, caches: null }).has('config.json')).rejects.toThrow(/no revision "main"/);
    const gated = fakeHub(TINY, { [tree]: { status: 403, headers: { 'x-error-code': 'GatedRepo' } } });
    const gatedErr = await hubFiles({ ...REF, fetch: gated.fetch, caches: null })
      .has('config.json')
      .catch((e: unknown) => e);
    expect(gatedErr).toBeInstanceOf(RepositoryGatedError);
    expect((gatedErr as Error).message).toMatch(/Accept its license at https:\/\/huggingface\.co\/test-org\/tiny-llama/);
    const busy = fakeHub(TINY, { [hubFileUrl(REF, 'config.json')]: { status: 500, statusText: 'Internal Server Error' } });
    const busyErr = await hubFiles({ ...REF, fetch: busy.fetch, caches: null })
      .read('config.json')
      .catch((e: unknown) => e);
    expect(busyErr).toBeInstanceOf(DownloadHttpError);
    expect((busyErr as DownloadHttpError).data.status).toBe(500);
    const files = hubFiles({ ...REF, fetch: fakeHub(TINY).fetch, caches: null });
    await expect(files.read('pytorch_model.bin')).rejects.toThrow(ModelFileMissingError);
    const notJson = fakeHub(TINY, { [tree]: '<html>' });
    await expect(hubFiles({ ...REF, fetch: notJson.fetch, caches: null }).has('x')).rejects.toThrow(ModelManifestError);
    const noSize = fakeHub(TINY, { [tree]: JSON.stringify([{ type: 'file', path: 'config.json' }]) });
    await expect(hubFiles({ ...REF, fetch: noSize.fetch, caches: null }).has('x')).rejects.toThrow(/config\.json has no valid "size"/);
  });

  it('retries the listing after a failure', async () => {
    let fail = true;
    const server = fakeHub(TINY);
    const flaky = (url: string, init?: RequestInit) => (fail && url === hubTreeUrl(REF) ? Promise.reject(new TypeError('offline')) : server.fetch(url, init));
    const files = hubFiles({ ...REF, fetch: flaky, caches: null });
    await expect(files.has('config.json')).rejects.toThrow(/failed before any answer/);
    fail = false;
    expect(await files.has('config.json')).toBe(true);
  });
});

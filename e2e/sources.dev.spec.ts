// The hub source in Chromium against a fake hub played by page.route from the fixture files: download
// with progress, Cache Storage, a corrupted cache entry refetched, an offline reload, a tokenizer in the page.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Route } from '@playwright/test';
import { expect, test } from './fixtures';

const FIXTURES = join(import.meta.dirname, '../../shared/fixtures');
const REPOS: Record<string, string> = {
  'test-org/tiny-llama': join(FIXTURES, 'models/tiny-llama-f32'),
  'test-org/smollm2-tokenizer': join(FIXTURES, 'tokenizers/smollm2-135m-instruct'),
};

function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n), `${prefix}${n}/`) : [`${prefix}${n}`]));
}

/** The hub's tree listing: safetensors as LFS files (sha256), the rest by git blob id. */
function listing(dir: string) {
  return walk(dir).map((path) => {
    const bytes = readFileSync(join(dir, path));
    const oid = createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
    const lfs = path.endsWith('.safetensors') ? { oid: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength, pointerSize: 134 } : undefined;
    return { type: 'file', oid, size: bytes.byteLength, path, ...(lfs ? { lfs } : {}) };
  });
}

/** Plays https://huggingface.co from REPOS, counting file downloads by path. */
async function playHub(page: import('@playwright/test').Page): Promise<Map<string, number>> {
  const downloads = new Map<string, number>();
  const cors = { 'access-control-allow-origin': '*' };
  await page.route('https://huggingface.co/**', async (route: Route) => {
    const url = new URL(route.request().url());
    const tree = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/main$/.exec(url.pathname);
    const file = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(url.pathname);
    const dir = REPOS[(tree ?? file)?.[1] ?? ''];
    if (tree && dir) return route.fulfill({ status: 200, headers: cors, contentType: 'application/json', body: JSON.stringify(listing(dir)) });
    if (file && dir) {
      const path = decodeURIComponent(file[2]);
      downloads.set(path, (downloads.get(path) ?? 0) + 1);
      return route.fulfill({ status: 200, headers: cors, contentType: 'application/octet-stream', body: readFileSync(join(dir, path)) });
    }
    return route.fulfill({ status: 404, headers: { ...cors, 'x-error-code': 'RepoNotFound' }, body: 'not found' });
  });
  return downloads;
}

type HubModule = typeof import('../src/model/sources/hub');
type TokenizerModule = typeof import('../src/model/tokenizer');
/** Source modules as the dev server serves them to the page. */
const SRC = { hub: '/src/model/sources/hub.ts', tokenizer: '/src/model/tokenizer.ts' };

test('hub source: downloads a fixture model, caches it, and refetches a corrupted cache entry', async ({ page, consoleErrors }) => {
  const downloads = await playHub(page);
  await page.goto('/');
  const weights = readFileSync(join(REPOS['test-org/tiny-llama'], 'model.safetensors'));
  const sha = createHash('sha256').update(weights).digest('hex');

  const first = await page.evaluate(async (src) => {
    const hub = (await import(/* @vite-ignore */ src.hub)) as HubModule;
    const events: string[] = [];
    const files = hub.hubFiles({ repo: 'test-org/tiny-llama', onCacheEvent: (e) => events.push(`${e.kind}:${e.file}`) });
    const progress: number[] = [];
    const bytes = await files.read('model.safetensors', (p) => progress.push(p.loaded));
    const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes))), (b) => b.toString(16).padStart(2, '0')).join('');
    const cache = await caches.open('comam-lab-models-v1');
    const keys = (await cache.keys()).map((r) => r.url);
    const cached = await (await cache.match(hub.hubFileUrl({ repo: 'test-org/tiny-llama' }, 'model.safetensors')))!.arrayBuffer();
    return { size: bytes.byteLength, digest, events, progressLast: progress.at(-1), progressSteps: progress.length, keys, cachedSize: cached.byteLength };
  }, SRC);
  expect(first.size).toBe(weights.byteLength);
  expect(first.digest).toBe(sha);
  expect(first.progressLast).toBe(weights.byteLength);
  expect(first.progressSteps).toBeGreaterThan(1);
  expect(first.events).toEqual(['miss:model.safetensors', 'stored:model.safetensors']);
  // The page itself caches the bundled model's config for the setup panel; the hub source's entries are these.
  expect(first.keys.filter((k) => k.startsWith('https://huggingface.co/')).sort()).toEqual([
    'https://huggingface.co/api/models/test-org/tiny-llama/tree/main?recursive=true',
    'https://huggingface.co/test-org/tiny-llama/resolve/main/model.safetensors',
  ]);
  expect(first.cachedSize).toBe(weights.byteLength);
  expect(downloads.get('model.safetensors')).toBe(1);

  const second = await page.evaluate(async (src) => {
    const hub = (await import(/* @vite-ignore */ src.hub)) as HubModule;
    const events: string[] = [];
    const files = hub.hubFiles({ repo: 'test-org/tiny-llama', onCacheEvent: (e) => events.push(e.kind) });
    await files.read('model.safetensors');
    return events;
  }, SRC);
  expect(second).toEqual(['hit']);
  expect(downloads.get('model.safetensors')).toBe(1);

  const repaired = await page.evaluate(async (src) => {
    const hub = (await import(/* @vite-ignore */ src.hub)) as HubModule;
    const url = hub.hubFileUrl({ repo: 'test-org/tiny-llama' }, 'model.safetensors');
    const cache = await caches.open('comam-lab-models-v1');
    const bad = new Uint8Array(await (await cache.match(url))!.arrayBuffer());
    bad[4096] ^= 0xff;
    await cache.put(url, new Response(bad));
    const events: string[] = [];
    const files = hub.hubFiles({ repo: 'test-org/tiny-llama', onCacheEvent: (e) => events.push(e.kind === 'corrupt' ? `corrupt:${e.reason}` : e.kind) });
    const bytes = await files.read('model.safetensors');
    const hex = async (b: ArrayBuffer | Uint8Array<ArrayBuffer>) =>
      Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', b)), (x) => x.toString(16).padStart(2, '0')).join('');
    const truncated = (await (await cache.match(url))!.arrayBuffer()).slice(0, 1000);
    await cache.put(url, new Response(truncated));
    const afterTruncation: string[] = [];
    await hub.hubFiles({ repo: 'test-org/tiny-llama', onCacheEvent: (e) => afterTruncation.push(e.kind) }).read('model.safetensors');
    return { events, afterTruncation, digest: await hex(new Uint8Array(bytes)), cachedDigest: await hex(await (await cache.match(url))!.arrayBuffer()) };
  }, SRC);
  expect(repaired.events[0]).toMatch(/^corrupt:model\.safetensors: the cached copy .* has sha256 [0-9a-f]{64}, expected/);
  expect(repaired.events.slice(1)).toEqual(['miss', 'stored']);
  expect(repaired.afterTruncation).toEqual(['corrupt', 'miss', 'stored']);
  expect(repaired.digest).toBe(sha);
  expect(repaired.cachedDigest).toBe(sha);
  expect(downloads.get('model.safetensors')).toBe(3);

  await page.unrouteAll();
  await page.route('https://huggingface.co/**', (route) => route.abort('internetdisconnected'));
  const offline = await page.evaluate(async (src) => {
    const hub = (await import(/* @vite-ignore */ src.hub)) as HubModule;
    const events: string[] = [];
    const bytes = await hub.hubFiles({ repo: 'test-org/tiny-llama', onCacheEvent: (e) => events.push(`${e.kind}:${e.file}`) }).read('model.safetensors');
    return { events, size: bytes.byteLength };
  }, SRC);
  expect(offline).toEqual({ events: ['hit:(file listing)', 'hit:model.safetensors'], size: weights.byteLength });
  await page.unrouteAll();
  await playHub(page);

  const missing = await page.evaluate(async (src) => {
    const hub = (await import(/* @vite-ignore */ src.hub)) as HubModule;
    return hub
      .hubFiles({ repo: 'test-org/absent' })
      .has('config.json')
      .then(
        () => 'no error',
        (e: Error) => e.name,
      );
  }, SRC);
  expect(missing).toBe('RepositoryNotFoundError');
  expect(consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});

test('tokenizer through the hub source in the page: SmolLM2 ids and chat template', async ({ page, consoleErrors }) => {
  await playHub(page);
  await page.goto('/');
  const got = await page.evaluate(async (src) => {
    const hub = (await import(/* @vite-ignore */ src.hub)) as HubModule;
    const { loadTokenizer } = (await import(/* @vite-ignore */ src.tokenizer)) as TokenizerModule;
    const tok = await loadTokenizer(hub.hubFiles({ repo: 'test-org/smollm2-tokenizer' }));
    return {
      half: tok.encode('ied 4 ½ months', { addSpecialTokens: false }),
      chat: tok.encode(tok.applyChatTemplate([{ role: 'user', content: 'Hi!' }], { addGenerationPrompt: true }), { addSpecialTokens: false }).slice(-11),
      eos: tok.eosTokenIds,
    };
  }, SRC);
  expect(got.half).toEqual([885, 216, 36, 216, 16738, 2704]);
  expect(got.chat).toEqual([1, 4093, 198, 26843, 17, 2, 198, 1, 520, 9531, 198]);
  expect(got.eos).toEqual([2]);
  expect(consoleErrors).toEqual([]);
});

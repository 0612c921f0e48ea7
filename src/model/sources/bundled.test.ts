import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ModelFileMissingError } from '../errors';
import { loadTokenizer } from '../tokenizer';
import { bundledFiles, parseManifest, type BundledManifest } from './bundled';
import { FileChecksumMismatchError, ModelManifestError } from './errors';
import { fakeServer, MemoryCaches } from './fakeWeb.testkit';

const TINY = new URL('../../../../shared/fixtures/models/tiny-qwen2-bf16/', import.meta.url).pathname;
const BASE = 'https://lab.test/models/tiny/';
const NAMES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'adapter/adapter_config.json'];

function served() {
  const routes: Record<string, Uint8Array | string> = {};
  const manifest: BundledManifest = { files: [] };
  for (const path of NAMES) {
    const bytes = new Uint8Array(readFileSync(TINY + path));
    routes[BASE + path] = bytes;
    manifest.files.push({ path, size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  routes[`${BASE}manifest.json`] = JSON.stringify(manifest);
  return { routes, manifest };
}

describe('bundledFiles', () => {
  it('reads the manifest, downloads, verifies and caches the files', async () => {
    const { routes } = served();
    const server = fakeServer(routes);
    const caches = new MemoryCaches();
    const files = bundledFiles('tiny', { baseUrl: BASE, fetch: server.fetch, caches });
    expect(files.location).toBe('bundled:tiny');
    expect(await files.has('adapter/adapter_config.json')).toBe(true);
    expect(await files.has('model.safetensors')).toBe(false);
    const tok = await loadTokenizer(files);
    expect(tok.vocabSize).toBe(320);
    await loadTokenizer(files);
    expect(server.hits.get(`${BASE}tokenizer.json`)).toBe(1);
    expect(server.hits.get(`${BASE}manifest.json`)).toBe(1);
    expect([...(caches.buckets.get('comam-lab-models-v1')?.keys() ?? [])].sort()).toEqual([`${BASE}tokenizer.json`, `${BASE}tokenizer_config.json`]);
    await expect(files.read('model.safetensors')).rejects.toThrow(/bundled model "tiny" has no model\.safetensors in its manifest/);
  });

  it('takes a manifest given in code, and resolves the default folder against the page', async () => {
    const { routes, manifest } = served();
    const server = fakeServer({ ...routes, [`${BASE}manifest.json`]: { status: 500 } });
    const files = bundledFiles('tiny', { baseUrl: BASE.slice(0, -1), manifest, fetch: server.fetch, caches: null });
    expect(new TextDecoder().decode(await files.read('config.json'))).toContain('Qwen2ForCausalLM');
    const page = globalThis as { location?: { href: string } };
    page.location = { href: 'https://lab.test/app/index.html' };
    try {
      const rooted = bundledFiles('tiny', { fetch: fakeServer(routes).fetch, caches: null });
      expect(await rooted.has('config.json')).toBe(true);
    } finally {
      delete page.location;
    }
    await expect(bundledFiles('tiny', { fetch: server.fetch, caches: null }).has('config.json')).rejects.toThrow(/needs an absolute baseUrl/);
  });

  it('refuses a file that disagrees with the manifest, and names a missing or bad manifest', async () => {
    const { routes } = served();
    const server = fakeServer({ ...routes, [`${BASE}config.json`]: '{"architectures": ["Qwen2ForCausalLX"]}'.padEnd(routes[`${BASE}config.json`].length, ' ') });
    const caches = new MemoryCaches();
    await expect(bundledFiles('tiny', { baseUrl: BASE, fetch: server.fetch, caches }).read('config.json')).rejects.toThrow(FileChecksumMismatchError);
    expect(caches.buckets.get('comam-lab-models-v1')?.size ?? 0).toBe(0);
    await expect(bundledFiles('none', { baseUrl: 'https://lab.test/models/none/', fetch: server.fetch }).has('x')).rejects.toThrow(ModelFileMissingError);
    const broken = fakeServer({ [`${BASE}manifest.json`]: '{"files": [' });
    await expect(bundledFiles('tiny', { baseUrl: BASE, fetch: broken.fetch }).has('x')).rejects.toThrow(ModelManifestError);
  });

  it('validates every manifest field', () => {
    const ok = { path: 'a.json', size: 3, sha256: 'A'.repeat(64) };
    expect(parseManifest({ files: [ok] }, 'm').get('a.json')).toEqual({ name: 'a.json', size: 3, sha256: 'a'.repeat(64) });
    expect(() => parseManifest({}, 'm')).toThrow(/m has no "files" array/);
    expect(() => parseManifest({ files: [{ ...ok, path: '../etc/passwd' }] }, 'm')).toThrow(/files\[0\]\.path must be a relative path/);
    expect(() => parseManifest({ files: [ok, { ...ok, size: -1 }] }, 'm')).toThrow(/files\[1\]\.size/);
    expect(() => parseManifest({ files: [{ ...ok, sha256: 'xyz' }] }, 'm')).toThrow(/files\[0\]\.sha256 must be 64 hex digits/);
  });
});

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeServer, MemoryCaches } from './fakeWeb.testkit';
import { hubFileUrl, hubTreeUrl } from './hub';
import { hubModelInfo, isEngineFile } from './hubInfo';
import { RepositoryNotFoundError } from './errors';

const TINY = new URL('../../../../shared/fixtures/models/tiny-llama-f32', import.meta.url).pathname;
const REF = { repo: 'test-org/tiny-llama', revision: 'main' };
const FILES = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'reference.json'];

function hub() {
  const listing = FILES.map((path) => {
    const bytes = readFileSync(join(TINY, path));
    const oid = createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
    return { type: 'file', oid, size: bytes.byteLength, path };
  });
  const routes = {
    [hubTreeUrl(REF)]: JSON.stringify(listing),
    [hubFileUrl(REF, 'config.json')]: new Uint8Array(readFileSync(join(TINY, 'config.json'))),
  };
  return fakeServer(routes);
}

describe('hubModelInfo', () => {
  it('sums the engine files of the listing and reads the shape from config.json, without fetching weights', async () => {
    const server = hub();
    const info = await hubModelInfo({ ...REF, fetch: server.fetch, caches: new MemoryCaches() });
    const expected = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json'];
    expect(info.files).toEqual(expected);
    expect(info.downloadBytes).toBe(expected.reduce((n, f) => n + statSync(join(TINY, f)).size, 0));
    expect([...server.hits.keys()]).toEqual([hubTreeUrl(REF), hubFileUrl(REF, 'config.json')]);
    expect(info.shape).toMatchObject({ hiddenSize: 64, numLayers: 2, numKvHeads: 2, vocabSize: 320, tieEmbeddings: true });
  });
  it('passes on the hub’s named error for a missing repository', async () => {
    const server = fakeServer({});
    await expect(hubModelInfo({ repo: 'nobody/nothing', fetch: server.fetch, caches: null })).rejects.toThrow(RepositoryNotFoundError);
  });
  it('counts sharded weights and skips other files', () => {
    expect(isEngineFile('model-00001-of-00002.safetensors')).toBe(true);
    expect(isEngineFile('onnx/model.safetensors')).toBe(false);
    expect(isEngineFile('pytorch_model.bin')).toBe(false);
  });
});

// Faults of `comam-lab import`: entry sizes bounded (declared and actual), entries skipped by name,
// adapters without a base named, and never a write into another base's run folder.

import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { cli, hashTree, tempDir, TINY_LLAMA } from './testkit';

const ADAPTER = join(TINY_LLAMA, 'adapter');
const config = () => JSON.parse(readFileSync(join(ADAPTER, 'adapter_config.json'), 'utf8')) as Record<string, unknown>;
const weights = () => new Uint8Array(readFileSync(join(ADAPTER, 'adapter_model.safetensors')));

function zipOf(entries: Record<string, Uint8Array>, level: 0 | 6 = 6): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, [v, { level }]])));
}

/** Overwrite the uncompressed size every local and central header of a zip declares. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const enc = strToU8(name);
  const matches = (at: number) => enc.every((b, i) => out[at + i] === b);
  for (let i = 0; i + 46 < out.length; i += 1) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50 && view.getUint16(i + 26, true) === enc.length && matches(i + 30)) view.setUint32(i + 22, size, true);
    if (sig === 0x02014b50 && view.getUint16(i + 28, true) === enc.length && matches(i + 46)) view.setUint32(i + 24, size, true);
  }
  return out;
}

function writeZip(bytes: Uint8Array): string {
  const file = join(tempDir(), 'adapters.zip');
  writeFileSync(file, bytes);
  return file;
}

const adapterEntries = (cfg = config()) => ({ 'extractor/adapter_config.json': strToU8(JSON.stringify(cfg)), 'extractor/adapter_model.safetensors': weights() });

describe('faults: comam-lab import', { timeout: 60_000 }, () => {
  it('imports the fixture adapter (the baseline the cases below break)', async () => {
    const out = join(tempDir(), 'out');
    const r = await cli(['import', writeZip(zipOf(adapterEntries())), '--model', TINY_LLAMA, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, 'adapters', 'extractor', 'adapter_model.safetensors'))).toBe(true);
  });

  it('an entry that declares 1 GiB is refused before it is inflated', async () => {
    const zip = declareSize(zipOf({ ...adapterEntries(), 'extractor/big.bin': new Uint8Array(1 << 16) }), 'extractor/big.bin', 2 ** 30);
    const out = join(tempDir(), 'out');
    const r = await cli(['import', writeZip(zip), '--model', TINY_LLAMA, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^AdapterArchiveError: .*extractor\/big\.bin declares 1\.07 GB, over the limit/);
    expect(existsSync(out)).toBe(false);
  });

  it('an entry that inflates past the size it declares is refused', async () => {
    const zip = declareSize(zipOf({ ...adapterEntries(), 'extractor/bomb.bin': new Uint8Array(1 << 20) }), 'extractor/bomb.bin', 100);
    const out = join(tempDir(), 'out');
    const r = await cli(['import', writeZip(zip), '--model', TINY_LLAMA, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^AdapterArchiveError: .*extractor\/bomb\.bin inflates past the 100 B it declares/);
    expect(existsSync(out)).toBe(false);
  });

  it('a ../ entry and a symbolic link are skipped and named; nothing lands outside --out', async () => {
    const root = tempDir();
    const zipped = await cli(['import', writeZip(zipOf({ ...adapterEntries(), '../escape.txt': strToU8('x') })), '--model', TINY_LLAMA, '--out', join(root, 'out')]);
    expect(zipped.code, zipped.stderr).toBe(0);
    expect(zipped.stderr).toMatch(/skipped "\.\.\/escape\.txt": a path outside the archive/);
    expect(existsSync(join(root, 'escape.txt'))).toBe(false);

    const folder = join(tempDir(), 'adapters');
    mkdirSync(join(folder, 'extractor'), { recursive: true });
    writeFileSync(join(folder, 'extractor', 'adapter_config.json'), JSON.stringify(config()));
    writeFileSync(join(folder, 'extractor', 'adapter_model.safetensors'), weights());
    symlinkSync('/etc/passwd', join(folder, 'extractor', 'notes.txt'));
    const linked = await cli(['import', folder, '--model', TINY_LLAMA, '--out', join(root, 'out2')]);
    expect(linked.code, linked.stderr).toBe(0);
    expect(linked.stderr).toMatch(/skipped "extractor\/notes\.txt": a symbolic link/);
  });

  it('an adapter without base_model_name_or_path says so (not "trained on undefined")', async () => {
    const cfg = config();
    delete cfg.base_model_name_or_path;
    const r = await cli(['import', writeZip(zipOf(adapterEntries(cfg))), '--model', TINY_LLAMA, '--out', join(tempDir(), 'out')]);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^AdapterMismatchError: .*has no base_model_name_or_path/);
    expect(r.error).not.toMatch(/undefined/);
  });

  it('import --out into a train run of another base is refused and leaves it unchanged', async () => {
    const run = join(tempDir(), 'run');
    mkdirSync(join(run, 'adapters', 'extractor'), { recursive: true });
    writeFileSync(join(run, 'run.json'), JSON.stringify({ id: 'run-other', status: 'done', step: 1, checkpointStep: 1, baseModel: 'comam-tiny', setup: { model: { kind: 'bundled', name: 'comam-tiny' } } }));
    writeFileSync(join(run, 'adapters', 'extractor', 'adapter_config.json'), '{"base_model_name_or_path": "comam-tiny"}');
    const before = hashTree(run);
    const r = await cli(['import', writeZip(zipOf(adapterEntries())), '--model', TINY_LLAMA, '--out', run]);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^RunExistsError: .*run-other.*comam-tiny/);
    expect(hashTree(run)).toBe(before);
  });
});

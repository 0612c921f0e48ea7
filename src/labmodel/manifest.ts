// The bundled model's manifest.json: every other file of the folder with its size and sha256, in the
// shape src/model/sources/bundled.ts verifies ({files:[{path,size,sha256}]}, sorted by path).

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, type BundledManifest } from '../model/sources/bundled';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function manifestFor(dir: string): BundledManifest {
  const files = readdirSync(dir)
    .filter((f) => f !== MANIFEST_FILE && statSync(join(dir, f)).isFile())
    .sort()
    .map((path) => {
      const bytes = readFileSync(join(dir, path));
      return { path, size: bytes.byteLength, sha256: sha256Hex(bytes) };
    });
  return { files };
}

export function writeManifest(dir: string): BundledManifest {
  const manifest = manifestFor(dir);
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

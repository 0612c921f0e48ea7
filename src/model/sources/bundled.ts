// Model files served by the app itself (public/models/<name>/ → /models/<name>/): a manifest.json
// lists each file with its size and sha256; downloads are verified and cached like the hub's.

import { ModelFileMissingError } from '../errors';
import type { FileProgress, ModelFiles } from '../files';
import { downloadVerified, httpGet, plainHttpError, type DownloadDeps } from './download';
import { ModelManifestError } from './errors';
import type { ExpectedFile } from './verify';

/** The manifest file in the model's folder. */
export const MANIFEST_FILE = 'manifest.json';

/** `manifest.json`: every file of the model, "/"-separated paths relative to the folder. */
export interface BundledManifest {
  files: { path: string; size: number; sha256: string }[];
}

export interface BundledOptions extends DownloadDeps {
  /** Folder URL of the model; relative URLs resolve against the page (default `/models/<name>/`). */
  baseUrl?: string;
  /** The manifest itself when the app already has it; otherwise fetched from `<baseUrl>manifest.json`. */
  manifest?: BundledManifest;
}

/** Check a parsed manifest's shape; `source` names it in messages. */
export function parseManifest(body: unknown, source: string): Map<string, ExpectedFile> {
  const files = (body as Partial<BundledManifest> | null)?.files;
  if (!Array.isArray(files)) throw new ModelManifestError(`${source} has no "files" array. Regenerate the manifest.`, { file: source, field: 'files' });
  const out = new Map<string, ExpectedFile>();
  files.forEach((raw: unknown, i) => {
    const f = raw as Partial<BundledManifest['files'][number]> | null;
    const bad = (field: string, what: string): never => {
      throw new ModelManifestError(`${source}: files[${i}].${field} ${what}. Regenerate the manifest.`, { file: source, row: i, field });
    };
    if (!f || typeof f.path !== 'string' || f.path === '' || f.path.startsWith('/') || f.path.split('/').includes('..')) bad('path', 'must be a relative path');
    if (typeof f?.size !== 'number' || !Number.isSafeInteger(f.size) || f.size < 0) bad('size', 'must be a byte count');
    if (typeof f?.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(f.sha256)) bad('sha256', 'must be 64 hex digits');
    const entry = f as BundledManifest['files'][number];
    out.set(entry.path, { name: entry.path, size: entry.size, sha256: entry.sha256.toLowerCase() });
  });
  return out;
}

function folderUrl(name: string, baseUrl: string | undefined): string {
  const base = baseUrl ?? `/models/${encodeURIComponent(name)}/`;
  const page = (globalThis as { location?: { href: string } }).location?.href;
  let url: string;
  try {
    url = new URL(base, page).href;
  } catch {
    throw new ModelManifestError(`The bundled model "${name}" needs an absolute baseUrl here (no page to resolve "${base}" against).`, { file: base });
  }
  return url.endsWith('/') ? url : `${url}/`;
}

/** ModelFiles over the app's bundled model `name`. */
export function bundledFiles(name: string, opts: BundledOptions = {}): ModelFiles {
  let manifest: Promise<Map<string, ExpectedFile>> | undefined;
  const base = (): string => folderUrl(name, opts.baseUrl);
  const load = async (): Promise<Map<string, ExpectedFile>> => {
    if (opts.manifest) return parseManifest(opts.manifest, `bundled:${name}/${MANIFEST_FILE}`);
    const url = base() + MANIFEST_FILE;
    const res = await httpGet(opts, url, MANIFEST_FILE, (r, u, f) =>
      r.status === 404
        ? new ModelFileMissingError(`The bundled model "${name}" has no ${u} (HTTP 404). Is it in public/models/${name}/ with its manifest?`, { file: f, url: u })
        : plainHttpError(r, u, f),
    );
    let body: unknown;
    try {
      body = await res.json();
    } catch (err) {
      throw new ModelManifestError(`${url} is not valid JSON (${(err as Error).message}). Regenerate the manifest.`, { file: url });
    }
    return parseManifest(body, url);
  };
  const list = (): Promise<Map<string, ExpectedFile>> => {
    manifest ??= load().catch((err: unknown) => {
      manifest = undefined;
      throw err;
    });
    return manifest;
  };
  return {
    location: `bundled:${name}`,
    async has(file) {
      return (await list()).has(file);
    },
    async read(file, onProgress?: (p: FileProgress) => void) {
      const expected = (await list()).get(file);
      if (!expected) throw new ModelFileMissingError(`The bundled model "${name}" has no ${file} in its manifest.`, { file });
      const url = base() + file.split('/').map(encodeURIComponent).join('/');
      return downloadVerified(opts, url, expected, onProgress);
    },
  };
}

// Reading a zip within bounds: every entry's declared size and its actual inflated size are capped (a
// small zip cannot claim or inflate to gigabytes), and entries whose paths leave the archive are skipped by name.

import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { formatBytes } from '../model/memoryEstimate';
import { concatChunks } from '../model/sources/stream';
import { AdapterArchiveError } from './errors';

export interface ZipLimits {
  /** Most bytes one entry may declare or inflate to. */
  maxEntryBytes: number;
  /** Most bytes all entries together may inflate to. */
  maxTotalBytes: number;
}

/** An adapter of a 0.5B model at r 64 on every layer is ~250 MB; far beyond that a zip is not an adapter archive. */
export const ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({ maxEntryBytes: 512 * 2 ** 20, maxTotalBytes: 1536 * 2 ** 20 });

/** Compressed bytes handed to the inflater at a time, so one step inflates at most ~64 MB. */
const SLICE = 64 * 1024;

export interface SkippedEntry {
  path: string;
  reason: string;
}

export interface BoundedZip {
  files: Record<string, Uint8Array>;
  /** Entries not read, by path, with why (a path outside the archive, a symbolic link). */
  skipped: SkippedEntry[];
}

/** Why a path cannot be written under a target folder (absolute, `..`, a drive), or undefined when it can. */
export function outsidePath(path: string): string | undefined {
  const parts = path.split(/[\\/]/);
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path) || parts.includes('..')) return 'a path outside the archive';
  return undefined;
}

/** The zip's central directory: each entry's declared size (nothing is inflated); a damaged zip is an AdapterArchiveError. */
function declaredSizes(bytes: Uint8Array, fileName: string): Map<string, number> {
  const sizes = new Map<string, number>();
  try {
    unzipSync(bytes, {
      filter: (f) => {
        sizes.set(f.name, f.originalSize);
        return false;
      },
    });
  } catch (err) {
    throw new AdapterArchiveError(`${fileName} is not a readable zip (${(err as Error).message}); it may be truncated. Export the adapters again, or pick the folder instead.`, { file: fileName });
  }
  return sizes;
}

/**
 * The zip's entries by path, each inflated only up to what it declares and `limits` allow; an entry over
 * either bound is an AdapterArchiveError naming it, before more of it is inflated.
 */
export function unzipBounded(bytes: Uint8Array, fileName: string, limits: ZipLimits = ZIP_LIMITS): BoundedZip {
  const declared = declaredSizes(bytes, fileName);
  const tooBig = (entry: string, what: string, limit: number) =>
    new AdapterArchiveError(`${fileName}: ${entry} ${what}, over the limit of ${formatBytes(limit)}; adapter archives are far smaller. Check that this is the right file.`, { file: entry });
  for (const [name, size] of declared) {
    if (!outsidePath(name) && size > limits.maxEntryBytes) throw tooBig(name, `declares ${formatBytes(size)}`, limits.maxEntryBytes);
  }
  const files: Record<string, Uint8Array> = {};
  const skipped: SkippedEntry[] = [];
  let total = 0;
  let failure: Error | undefined;
  const unzip = new Unzip((file) => {
    if (failure || file.name.endsWith('/')) return;
    const outside = outsidePath(file.name);
    if (outside) {
      skipped.push({ path: file.name, reason: outside });
      return;
    }
    const cap = Math.min(limits.maxEntryBytes, declared.get(file.name) ?? limits.maxEntryBytes);
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = new AdapterArchiveError(`${fileName}: ${file.name} cannot be inflated (${err.message}); the archive is damaged. Export the adapters again.`, { file: file.name });
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (size > cap) failure = new AdapterArchiveError(`${fileName}: ${file.name} inflates past the ${formatBytes(cap)} it declares; the archive is damaged or hostile. Export the adapters again.`, { file: file.name });
      else if (total > limits.maxTotalBytes) failure = tooBig(file.name, `brings the archive past ${formatBytes(limits.maxTotalBytes)} inflated`, limits.maxTotalBytes);
      if (failure) return;
      chunks.push(chunk);
      if (final) files[file.name] = chunks.length === 1 ? chunks[0] : concatChunks(chunks, size);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && !failure; at += SLICE) unzip.push(bytes.subarray(at, at + SLICE), at + SLICE >= bytes.length);
  } catch (err) {
    throw new AdapterArchiveError(`${fileName} cannot be unpacked (${(err as Error).message}). Export the adapters again, or pick the folder instead.`, { file: fileName });
  }
  if (failure) throw failure;
  return { files, skipped };
}

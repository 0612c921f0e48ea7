// Size and checksum checks of downloaded or cached bytes with Web Crypto: sha256 for LFS files and
// bundled manifests, git's blob sha1 for the small files the hub lists by git oid only.

import { FileChecksumMismatchError, FileSizeMismatchError } from './errors';

/** What a listing or manifest promises about one file. */
export interface ExpectedFile {
  /** Path inside the model folder, "/"-separated. */
  name: string;
  size?: number;
  /** Lowercase hex sha256 of the content. */
  sha256?: string;
  /** Lowercase hex git blob id: sha1("blob <size>\0" + content). */
  gitSha1?: string;
}

function hex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Web Crypto digests take an ArrayBuffer-backed view; copy only when the bytes sit elsewhere. */
function digestable(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', digestable(bytes)));
}

export async function gitBlobSha1Hex(bytes: Uint8Array): Promise<string> {
  const header = new TextEncoder().encode(`blob ${bytes.byteLength}\0`);
  const all = new Uint8Array(header.byteLength + bytes.byteLength);
  all.set(header);
  all.set(bytes, header.byteLength);
  return hex(await crypto.subtle.digest('SHA-1', all));
}

/**
 * Throw a named error unless `bytes` has the promised size and checksum. `origin` says where the
 * bytes came from ("download of <url>", "cached copy of <url>") and `advice` what the user should do.
 */
export async function verifyBytes(bytes: Uint8Array, expected: ExpectedFile, origin: string, advice: string): Promise<void> {
  const { name } = expected;
  if (expected.size !== undefined && bytes.byteLength !== expected.size) {
    throw new FileSizeMismatchError(`${name}: the ${origin} has ${bytes.byteLength} bytes, expected ${expected.size}. ${advice}`, {
      file: name,
      expected: expected.size,
      actual: bytes.byteLength,
    });
  }
  if (expected.sha256 !== undefined) {
    const actual = await sha256Hex(bytes);
    if (actual !== expected.sha256.toLowerCase()) {
      throw new FileChecksumMismatchError(`${name}: the ${origin} has sha256 ${actual}, expected ${expected.sha256}. ${advice}`, {
        file: name,
        algorithm: 'sha256',
        expected: expected.sha256,
        actual,
      });
    }
  } else if (expected.gitSha1 !== undefined) {
    const actual = await gitBlobSha1Hex(bytes);
    if (actual !== expected.gitSha1.toLowerCase()) {
      throw new FileChecksumMismatchError(`${name}: the ${origin} has git blob id ${actual}, expected ${expected.gitSha1}. ${advice}`, {
        file: name,
        algorithm: 'git-sha1',
        expected: expected.gitSha1,
        actual,
      });
    }
  }
}

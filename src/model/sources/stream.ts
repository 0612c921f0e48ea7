// Reading a byte stream (a fetch body or a Blob) into one Uint8Array while reporting byte progress.

import type { FileProgress } from '../files';
import { FileSizeMismatchError } from './errors';

/**
 * Read `stream` to the end. With `expectedSize` the buffer is allocated once and a stream that runs
 * past it fails at once (FileSizeMismatchError); a shorter one is returned short for the caller to judge.
 */
export async function readStream(
  stream: ReadableStream<Uint8Array> | null,
  file: string,
  expectedSize: number | undefined,
  onProgress?: (p: FileProgress) => void,
): Promise<Uint8Array<ArrayBuffer>> {
  if (!stream) {
    onProgress?.({ file, loaded: 0, total: expectedSize });
    return new Uint8Array(0);
  }
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  const fixed = expectedSize !== undefined ? new Uint8Array(expectedSize) : undefined;
  let loaded = 0;
  onProgress?.({ file, loaded, total: expectedSize });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (fixed) {
      if (loaded + value.byteLength > fixed.byteLength) {
        await reader.cancel();
        throw new FileSizeMismatchError(
          `${file} is longer than the ${fixed.byteLength} bytes its listing promises. The file changed at its source or the listing is stale: reload the model. Nothing was cached.`,
          { file, expected: fixed.byteLength, actual: loaded + value.byteLength },
        );
      }
      fixed.set(value, loaded);
    } else {
      chunks.push(value);
    }
    loaded += value.byteLength;
    onProgress?.({ file, loaded, total: expectedSize });
  }
  if (fixed) return loaded === fixed.byteLength ? fixed : fixed.subarray(0, loaded);
  return concatChunks(chunks, loaded);
}

/** The chunks one after another in one new array of `size` bytes (their total). */
export function concatChunks(chunks: readonly Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

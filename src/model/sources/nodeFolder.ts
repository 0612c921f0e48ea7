// Model files from a folder on disk (Node: the CLI and tests). Files over what Node reads in one call
// (2 GiB) are read in slices into one array; past what one array can hold they are a named error, before any read.

import { constants } from 'node:buffer';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelFileFormatError, ModelFileMissingError } from '../errors';
import type { FileProgress, ModelFiles } from '../files';

/** Node's fs.readFile refuses files past 2 GiB − 1 (ERR_FS_FILE_TOO_LARGE); larger ones are read in slices. */
export const WHOLE_READ_LIMIT = 2 ** 31 - 1;

/** Bytes per read call when slicing (also the progress granularity). */
const SLICE = 256 * 2 ** 20;

async function readSliced(path: string, size: number, onProgress: (loaded: number) => void, slice = SLICE): Promise<Uint8Array> {
  if (size > constants.MAX_LENGTH) {
    throw new ModelFileFormatError(`${path} is ${size} bytes, more than one array can hold here (${constants.MAX_LENGTH}); shard it (model.safetensors.index.json) to load it.`, { file: path, size });
  }
  const out = new Uint8Array(size);
  const file = await open(path, 'r');
  try {
    let at = 0;
    while (at < size) {
      const { bytesRead } = await file.read(out, at, Math.min(slice, size - at), at);
      if (bytesRead === 0) throw new ModelFileFormatError(`${path} ended at byte ${at} of ${size} while it was being read; it changed on disk. Load it again.`, { file: path });
      at += bytesRead;
      onProgress(at);
    }
  } finally {
    await file.close();
  }
  return out;
}

/** `wholeReadLimit` is for tests: files larger than it are read in `slice`-byte pieces. */
export function nodeFolderFiles(dir: string, opts: { wholeReadLimit?: number; slice?: number } = {}): ModelFiles {
  const limit = opts.wholeReadLimit ?? WHOLE_READ_LIMIT;
  return {
    location: dir,
    async has(name) {
      try {
        return (await stat(join(dir, name))).isFile();
      } catch {
        return false;
      }
    },
    async read(name, onProgress?: (p: FileProgress) => void) {
      const path = join(dir, name);
      let size: number;
      try {
        size = (await stat(path)).size;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new ModelFileMissingError(`${path} does not exist. Is ${dir} a Hugging Face model folder?`, { file: name });
        }
        throw err;
      }
      if (size > limit) return readSliced(path, size, (loaded) => onProgress?.({ file: name, loaded, total: size }), opts.slice);
      const bytes = await readFile(path);
      const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      onProgress?.({ file: name, loaded: view.byteLength, total: view.byteLength });
      return view;
    },
  };
}

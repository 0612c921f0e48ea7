// Model files from a folder on disk (Node: the CLI and tests).

import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelFileMissingError } from '../errors';
import type { FileProgress, ModelFiles } from '../files';

export function nodeFolderFiles(dir: string): ModelFiles {
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
      let bytes: Buffer;
      try {
        bytes = await readFile(join(dir, name));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new ModelFileMissingError(`${join(dir, name)} does not exist. Is ${dir} a Hugging Face model folder?`, { file: name });
        }
        throw err;
      }
      const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      onProgress?.({ file: name, loaded: view.byteLength, total: view.byteLength });
      return view;
    },
  };
}

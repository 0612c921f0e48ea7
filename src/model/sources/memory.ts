// Model files held in memory (a stored adapter's PEFT files, an unzipped folder): the same
// ModelFiles interface as a folder or the hub, so loaders read them unchanged.

import { ModelFileMissingError } from '../errors';
import type { FileProgress, ModelFiles } from '../files';

export function memoryFiles(location: string, files: Readonly<Record<string, Uint8Array>>): ModelFiles {
  return {
    location,
    has(name) {
      return Promise.resolve(Object.prototype.hasOwnProperty.call(files, name));
    },
    read(name, onProgress?: (p: FileProgress) => void) {
      if (!Object.prototype.hasOwnProperty.call(files, name)) {
        return Promise.reject(new ModelFileMissingError(`${location} has no file ${name}; it holds ${Object.keys(files).join(', ') || 'nothing'}.`, { file: name }));
      }
      const bytes = files[name];
      onProgress?.({ file: name, loaded: bytes.byteLength, total: bytes.byteLength });
      return Promise.resolve(bytes);
    },
  };
}

// Model files from a folder opened with the File System Access API (showDirectoryPicker()), read
// through its FileSystemDirectoryHandle; the handle can be kept in IndexedDB to reopen the folder.

import { ModelFileMissingError } from '../errors';
import type { FileProgress, ModelFiles } from '../files';
import { readStream } from './stream';

/** The parts of FileSystemDirectoryHandle used here (the browser's handle satisfies them). */
export interface DirectoryHandleLike {
  readonly name: string;
  getDirectoryHandle(name: string): Promise<DirectoryHandleLike>;
  getFileHandle(name: string): Promise<{ getFile(): Promise<Blob> }>;
}

function isNotFound(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === 'NotFoundError' || name === 'TypeMismatchError' || name === 'TypeError';
}

/** The file at `path` ("/"-separated) under `dir`, or undefined when there is none. */
async function fileAt(dir: DirectoryHandleLike, path: string): Promise<Blob | undefined> {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) return undefined;
  try {
    let here = dir;
    for (const part of parts.slice(0, -1)) here = await here.getDirectoryHandle(part);
    return await (await here.getFileHandle(parts[parts.length - 1])).getFile();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export function directoryHandleFiles(dir: DirectoryHandleLike): ModelFiles {
  const location = `folder ${dir.name}`;
  return {
    location,
    async has(name) {
      return (await fileAt(dir, name)) !== undefined;
    },
    async read(name, onProgress?: (p: FileProgress) => void) {
      const blob = await fileAt(dir, name);
      if (!blob) throw new ModelFileMissingError(`${location} has no ${name}. Open the model's own folder (the one holding config.json).`, { file: name });
      return readStream(blob.stream(), name, blob.size, onProgress);
    },
  };
}

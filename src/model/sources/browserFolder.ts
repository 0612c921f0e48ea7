// Model files from a folder the user picked in the browser: `<input webkitdirectory>` (a FileList),
// a drop (its FileSystemEntry tree, walked by readDroppedEntry), or any list of path + Blob pairs.

import { ModelFileMissingError } from '../errors';
import type { FileProgress, ModelFiles } from '../files';
import { readStream } from './stream';

/** One file and its path inside the model folder ("/"-separated). */
export interface FolderEntry {
  path: string;
  file: Blob;
}

/** The parts of FileSystemEntry a drop walk needs (the browser's entries satisfy them). */
interface EntryLike {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
}
interface FileEntryLike extends EntryLike {
  file(ok: (f: File) => void, fail: (err: unknown) => void): void;
}
interface DirectoryEntryLike extends EntryLike {
  createReader(): { readEntries(ok: (entries: EntryLike[]) => void, fail: (err: unknown) => void): void };
}

/**
 * Every file under a dropped entry (`DataTransferItem.webkitGetAsEntry()`), paths relative to it.
 * readEntries returns at most 100 entries a call, so it is called until it returns none.
 */
export async function readDroppedEntry(root: EntryLike): Promise<FolderEntry[]> {
  const out: FolderEntry[] = [];
  const walk = async (entry: EntryLike, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((ok, fail) => (entry as FileEntryLike).file(ok, fail));
      out.push({ path: prefix + entry.name, file });
    } else if (entry.isDirectory) {
      const reader = (entry as DirectoryEntryLike).createReader();
      const inner = prefix === '' && entry === root ? '' : `${prefix}${entry.name}/`;
      for (;;) {
        const batch = await new Promise<EntryLike[]>((ok, fail) => reader.readEntries(ok, fail));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child, inner);
      }
    }
  };
  await walk(root, '');
  return out;
}

/** Paths of an `<input webkitdirectory>` selection without the picked folder's own name. */
function entriesOf(files: ArrayLike<File>): FolderEntry[] {
  const list = Array.from(files, (file) => ({ file, parts: (file.webkitRelativePath || file.name).split('/') }));
  const first = list[0]?.parts[0];
  const shared = list.length > 0 && list.every((e) => e.parts.length > 1 && e.parts[0] === first);
  return list.map((e) => ({ path: (shared ? e.parts.slice(1) : e.parts).join('/'), file: e.file }));
}

function isFolderEntries(x: ArrayLike<File> | readonly FolderEntry[]): x is readonly FolderEntry[] {
  return x.length > 0 && typeof (x as readonly FolderEntry[])[0].path === 'string' && !(x[0] instanceof Blob);
}

/** ModelFiles over files the user picked or dropped; `location` names the folder in messages. */
export function browserFolderFiles(files: ArrayLike<File> | readonly FolderEntry[], location = 'the chosen folder'): ModelFiles {
  const entries = isFolderEntries(files) ? files : entriesOf(files);
  const byPath = new Map(entries.map((e) => [e.path, e.file]));
  return {
    location,
    has: (name) => Promise.resolve(byPath.has(name)),
    async read(name, onProgress?: (p: FileProgress) => void) {
      const blob = byPath.get(name);
      if (!blob) {
        throw new ModelFileMissingError(`${location} has no ${name}. Pick the model's own folder (the one holding config.json).`, { file: name });
      }
      return readStream(blob.stream(), name, blob.size, onProgress);
    },
  };
}

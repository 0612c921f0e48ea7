// The Node home of SourceFile: a path on disk, streamed with fs (CLI and tests only).
// Kept apart from source.ts so the browser bundle never sees node:fs.

import { createReadStream, statSync, type Stats } from 'node:fs';
import { basename } from 'node:path';
import { DatasetFileError } from './errors';
import type { SourceFile } from './source';

/** A file on disk as a SourceFile; a missing path or a folder is a DatasetFileError naming it. */
export function nodeFileSource(path: string): SourceFile {
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    throw new DatasetFileError(`${path} does not exist. Give the path of a PersonaMem questions CSV or contexts JSONL file.`, { file: path });
  }
  if (st.isDirectory()) throw new DatasetFileError(`${path} is a folder; give the CSV or JSONL file inside it.`, { file: path });
  const size = st.size;
  return {
    name: basename(path),
    size,
    async *chunks() {
      const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
      for await (const chunk of stream) yield chunk as string;
    },
  };
}

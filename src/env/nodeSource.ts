// The Node home of SourceFile: a path on disk, streamed with fs (CLI and tests only).
// Kept apart from source.ts so the browser bundle never sees node:fs.

import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { SourceFile } from './source';

export function nodeFileSource(path: string): SourceFile {
  const size = statSync(path).size;
  return {
    name: basename(path),
    size,
    async *chunks() {
      const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
      for await (const chunk of stream) yield chunk as string;
    },
  };
}

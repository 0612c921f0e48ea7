// A dataset file as the importers see it: a name, a size known before reading, and UTF-8 text chunks.
// Homes: a Blob/File (browser worker), a string (tests); src/env/nodeSource.ts adds a path on disk.

import { FileTooLargeError } from './errors';

export interface SourceFile {
  name: string;
  /** Size in bytes, checked against the limit before any byte is read. */
  size: number;
  /** The text in order, decoded as UTF-8, in chunks of any size. */
  chunks(): AsyncIterable<string>;
}

/** Bounds on one import: refuse big files up front, stop a parse that runs too long. */
export interface ReadLimits {
  /** Largest file accepted, in bytes. Default 1 GiB. */
  maxBytes: number;
  /** Longest a whole import may take, in milliseconds. Default 10 minutes. */
  timeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<ReadLimits> = Object.freeze({ maxBytes: 2 ** 30, timeoutMs: 600_000 });

export function checkSize(file: SourceFile, limits: ReadLimits): void {
  if (file.size > limits.maxBytes) throw FileTooLargeError.of(file.name, file.size, limits.maxBytes);
}

/** A source over a string, split into chunks of `chunkSize` characters (tests use small chunks). */
export function stringSource(name: string, text: string, chunkSize = 1 << 16): SourceFile {
  return {
    name,
    size: new TextEncoder().encode(text).length,
    async *chunks() {
      for (let i = 0; i < text.length; i += chunkSize) {
        await Promise.resolve();
        yield text.slice(i, i + chunkSize);
      }
    },
  };
}

/** A source over a Blob or File: streamed, never read whole. */
export function blobSource(name: string, blob: Blob): SourceFile {
  return {
    name,
    size: blob.size,
    async *chunks() {
      const reader = blob.stream().getReader();
      const decoder = new TextDecoder('utf-8');
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          const text = decoder.decode(value, { stream: true });
          if (text) yield text;
        }
        const tail = decoder.decode();
        if (tail) yield tail;
      } finally {
        reader.releaseLock();
      }
    },
  };
}

/** How far an import has read one file: characters so far (≈ bytes for mostly-ASCII text) of `size` bytes. */
export interface ReadProgress {
  file: string;
  read: number;
  size: number;
}

/** The same file, reporting progress as its chunks are read. */
export function withProgress(file: SourceFile, onProgress: ((p: ReadProgress) => void) | undefined): SourceFile {
  if (!onProgress) return file;
  return {
    name: file.name,
    size: file.size,
    async *chunks() {
      let read = 0;
      for await (const chunk of file.chunks()) {
        read += chunk.length;
        onProgress({ file: file.name, read: Math.min(read, file.size), size: file.size });
        yield chunk;
      }
    },
  };
}

/** Split text chunks into lines (LF or CRLF), numbered from 1. Only new text is scanned, so long lines stay linear. */
export async function* linesOf(file: SourceFile): AsyncGenerator<{ line: number; text: string }> {
  let parts: string[] = [];
  let line = 0;
  for await (const chunk of file.chunks()) {
    let from = 0;
    let nl = chunk.indexOf('\n');
    while (nl >= 0) {
      parts.push(chunk.slice(from, nl));
      line++;
      yield { line, text: parts.join('').replace(/\r$/, '') };
      parts = [];
      from = nl + 1;
      nl = chunk.indexOf('\n', from);
    }
    if (from < chunk.length) parts.push(chunk.slice(from));
  }
  if (parts.length > 0) yield { line: line + 1, text: parts.join('').replace(/\r$/, '') };
}

/** The time budget of one import; the clock is injectable so tests need not wait. */
export interface Deadline {
  expired(): boolean;
  elapsedMs(): number;
}

export function deadlineFrom(limits: ReadLimits, now: () => number = () => Date.now()): Deadline {
  const start = now();
  return { expired: () => now() - start > limits.timeoutMs, elapsedMs: () => now() - start };
}

// What a CLI command writes to: real streams in the command, string buffers in tests.

export interface Writer {
  write(chunk: string): unknown;
}

export interface CliIo {
  out: Writer;
  err: Writer;
}

/** A command: its name, one-line summary, usage text, and the function that runs it. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Collects what a command writes, for tests. */
export function bufferIo(): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: { write: (c: string) => (out += c) },
    err: { write: (c: string) => (err += c) },
    stdout: () => out,
    stderr: () => err,
  };
}

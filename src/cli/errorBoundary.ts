// The CLI's one error boundary: any failure becomes one named line (what, where, how to fix); the
// stack only with --debug. Node's file errors are named here; anything else unnamed is a bug report.

import { LabError } from '../protocol/errors';
import { FileAccessError, UnexpectedError } from './errors';

const FILE_FAULTS: Readonly<Record<string, (path: string) => string>> = Object.freeze({
  ENOENT: (p) => `${p} does not exist. Check the path.`,
  EISDIR: (p) => `${p} is a folder where a file was expected. Give the file inside it.`,
  ENOTDIR: (p) => `${p} runs through a file where a folder was expected. Check the path.`,
  EEXIST: (p) => `${p} already exists as a file where a folder is needed. Choose another path.`,
  EACCES: (p) => `${p} cannot be accessed (permission denied). Fix its permissions or choose another path.`,
  EPERM: (p) => `${p} cannot be changed (operation not permitted). Fix its permissions or choose another path.`,
  ENOSPC: (p) => `the disk is full while writing ${p}. Free space, then run again.`,
  ERR_FS_FILE_TOO_LARGE: (p) => `${p} is over 2 GiB, more than Node reads in one piece. Shard the file (safetensors index) or use a smaller one.`,
});

/** The named error a failure is reported as: a LabError as it is, Node's file errors by code, the rest as UnexpectedError. */
export function namedError(err: unknown): LabError {
  if (err instanceof LabError) return err;
  if (err instanceof Error) {
    const { code, path } = err as NodeJS.ErrnoException;
    const describe = code === undefined ? undefined : FILE_FAULTS[code];
    if (describe) return new FileAccessError(describe(path ?? 'a file'), { code, file: path });
    return new UnexpectedError(`${err.name}: ${err.message}. The lab did not expect this; run again with --debug for the stack and report it.`, { name: err.name });
  }
  return new UnexpectedError(`${String(err)}. The lab did not expect this; run again with --debug for the stack and report it.`);
}

/** The line a failure prints: `Name: message`, and with debug the original stack after it. */
export function errorReport(err: unknown, debug: boolean): string {
  const named = namedError(err);
  const line = `${named.name}: ${named.message}\n`;
  if (!debug) return line;
  const stack = err instanceof Error && err.stack ? err.stack : named.stack ?? '';
  return `${line}${stack}\n`;
}

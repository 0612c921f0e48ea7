// A folder replaced whole (the run's checkpoint/ and adapters/{agent}/): written to NAME.tmp, the old
// folder removed, the new one renamed in; a kill in between is finished on the next open (recoverDir).

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `files` in their order into NAME.tmp (so the caller puts the file that proves completeness last), then swaps it in. */
export function writeDir(dir: string, files: Record<string, Uint8Array | string>): void {
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const [name, data] of Object.entries(files)) {
    const path = join(tmp, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, data);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

/** The files directly in dir, by name. */
export function readDir(dir: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir)) out[name] = new Uint8Array(readFileSync(join(dir, name)));
  return out;
}

/**
 * Finish what a kill during writeDir left: a NAME.tmp that `complete` accepts replaces NAME (the kill came
 * after the new copy was whole, while or after the old one was removed: "renamed"); one it refuses is
 * dropped, NAME being still the old copy ("dropped"); "none" when there is no NAME.tmp.
 */
export function recoverDir(dir: string, complete: (tmp: string) => boolean): 'renamed' | 'dropped' | 'none' {
  const tmp = `${dir}.tmp`;
  if (!existsSync(tmp)) return 'none';
  if (!complete(tmp)) {
    rmSync(tmp, { recursive: true, force: true });
    return 'dropped';
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return 'renamed';
}

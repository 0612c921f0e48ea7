// Helpers of the faults suite: a temp folder per case, a finished 1-step run to copy, the CLI run
// in-process (exit code and streams) or as a real process, and a hash of a folder's every byte.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { bufferIo } from '../io';
import { main } from '../main';

export const FIXTURES = join(process.cwd(), '..', 'shared', 'fixtures');
export const TINY_LLAMA = join(FIXTURES, 'models', 'tiny-llama-f32');
export const BIN = join(process.cwd(), 'bin', 'comam-lab.mjs');

export function tempDir(prefix = 'faults-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The first line of stderr that is not a progress or status line. */
  error: string;
}

function firstError(stderr: string): string {
  return stderr.split('\n').find((l) => /^[A-Z]\w*(Error|Exception)\b/.test(l)) ?? stderr.split('\n')[0] ?? '';
}

/** The CLI in this process: exit code, what it wrote, and its first error line; a stack or source dump on stderr fails the test. */
export async function cli(argv: string[]): Promise<CliResult> {
  const io = bufferIo();
  const code = await main(argv, io);
  if (looksLikeCrash(io.stderr())) throw new Error(`comam-lab ${argv.join(' ')} printed a stack or source dump:\n${io.stderr().slice(0, 2000)}`);
  return { code, stdout: io.stdout(), stderr: io.stderr(), error: firstError(io.stderr()) };
}

/** The CLI as a real process (bin/comam-lab.mjs), for exit codes and what reaches a terminal. */
export function spawnCli(argv: string[]): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...argv], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, error: firstError(r.stderr) };
}

/** sha256 over every path and byte under dir (symlinks by target), so any change shows. */
export function hashTree(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      h.update(`${relative(dir, p)}\0${st.isDirectory() ? 'd' : 'f'}\0`);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) h.update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

/** A config small enough for a 1-step run in a few seconds on the bundled comam-tiny. */
export const TINY_CONFIG = { rl: { num_generations: 2, max_completion_length: 16 }, questionsPerStep: 1, maxPromptTokens: 256 };

/** Copy a run folder to a fresh temp folder. */
export function copyRun(src: string): string {
  const dst = join(tempDir('run-copy-'), 'run');
  cpSync(src, dst, { recursive: true });
  return dst;
}

/** Stack frames or minified source on stderr: what a named error line must never come with. */
export function looksLikeCrash(stderr: string): boolean {
  return /^\s+at .+[:(]\d+/m.test(stderr) || stderr.length > 4000 || /Node\.js v\d+/.test(stderr);
}

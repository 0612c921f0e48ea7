// Faults seen from outside: the real `comam-lab` process exits 1 with one named error line and no
// stack or tfjs-wasm source dump, also after the wasm backend has loaded; --debug adds the stack.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSetup } from '../../run/runConfig';
import { looksLikeCrash, spawnCli, tempDir, TINY_CONFIG } from './testkit';

/** A run folder as a kill mid-run leaves it (status running), with a truncated checkpoint state file. */
function killedRunWithTruncatedState(): string {
  const dir = join(tempDir(), 'run');
  mkdirSync(join(dir, 'checkpoint'), { recursive: true });
  const setup = buildSetup(TINY_CONFIG, { steps: 2 });
  writeFileSync(join(dir, 'run.json'), JSON.stringify({ id: 'run-killed', setup, status: 'running', createdAt: 1, updatedAt: 1, step: 1, checkpointStep: 1, baseModel: 'comam-tiny' }));
  for (const f of ['metrics.jsonl', 'trajectories.jsonl', 'memory.jsonl']) writeFileSync(join(dir, f), '');
  writeFileSync(join(dir, 'checkpoint', 'state.json'), '{"step": 1, "createdAt": 1, "state": {"adap');
  return dir;
}

describe('faults: the real process (exit code, one line, no stack or wasm dump)', { timeout: 120_000 }, () => {
  it('an invalid-JSON --config file: exit 1, one ConfigFileError line', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cfg.json'), '{"rl": ');
    const r = spawnCli(['train', '--config', join(dir, 'cfg.json'), '--out', join(dir, 'run')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ConfigFileError: /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(looksLikeCrash(r.stderr)).toBe(false);
  });

  it('--resume on a truncated state file after the wasm backend loaded: exit 1, named, lock released, run failed', () => {
    const dir = killedRunWithTruncatedState();
    const r = spawnCli(['train', '--resume', dir, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^RunFileCorruptError: .*state\.json/);
    expect(looksLikeCrash(r.stderr)).toBe(false);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'))).toMatchObject({ status: 'failed' });
  });

  it('data inspect on a missing file: exit 1, one DatasetFileError line', () => {
    const dir = tempDir();
    const r = spawnCli(['data', 'inspect', join(dir, 'q.csv'), join(dir, 'c.jsonl')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^DatasetFileError: .*q\.csv does not exist/);
    expect(looksLikeCrash(r.stderr)).toBe(false);
  });

  it('--debug prints the stack after the named line', () => {
    const dir = tempDir();
    const r = spawnCli(['data', 'inspect', join(dir, 'q.csv'), join(dir, 'c.jsonl'), '--debug']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^DatasetFileError: /);
    expect(r.stderr).toMatch(/^\s+at /m);
  });
});

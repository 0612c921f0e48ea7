// Faults of run folders: a finished run is never overwritten, a resume never silently restarts, a
// damaged run file is a named error that leaves no lock and marks the run failed.

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyRun, cli, hashTree, tempDir, TINY_CONFIG, TINY_LLAMA } from './testkit';

let finished: string;
let config: string;

const runJson = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { id: string; status: string; message?: string; step: number };

/** Cut a file's last line in half, as a kill during an append leaves it. */
function truncateLastLine(path: string): void {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n').filter((l) => l !== '');
  const last = lines.at(-1) ?? '';
  writeFileSync(path, `${lines.slice(0, -1).map((l) => `${l}\n`).join('')}${last.slice(0, Math.floor(last.length / 2))}`);
}

describe('faults: run folders (train --out, --resume)', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    const dir = tempDir();
    config = join(dir, 'cfg.json');
    writeFileSync(config, JSON.stringify(TINY_CONFIG));
    finished = join(dir, 'run');
    const r = await cli(['train', '--config', config, '--steps', '1', '--quiet', '--out', finished]);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it('train --out on a finished run without --force is RunExistsError and leaves every byte unchanged', async () => {
    const dir = copyRun(finished);
    const before = hashTree(dir);
    const r = await cli(['train', '--config', config, '--steps', '1', '--quiet', '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^RunExistsError: .*already holds run .*--resume.*--force/);
    expect(hashTree(dir)).toBe(before);
  });

  it('train --out --force replaces the finished run with a new one', async () => {
    const dir = copyRun(finished);
    const old = runJson(dir).id;
    writeFileSync(join(dir, 'stray.txt'), 'x');
    const r = await cli(['train', '--config', config, '--steps', '1', '--quiet', '--force', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(runJson(dir).id).not.toBe(old);
    expect(runJson(dir).status).toBe('done');
    expect(existsSync(join(dir, 'stray.txt'))).toBe(true);
  });

  it('a partial "lora": {"r": 4} fills alpha and targets from the defaults and trains', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cfg.json'), JSON.stringify({ ...TINY_CONFIG, lora: { r: 4 } }));
    const r = await cli(['train', '--config', join(dir, 'cfg.json'), '--steps', '1', '--quiet', '--out', join(dir, 'run')]);
    expect(r.code, r.stderr).toBe(0);
    const { setup } = JSON.parse(readFileSync(join(dir, 'run', 'run.json'), 'utf8')) as { setup: { lora: unknown } };
    expect(setup.lora).toEqual({ r: 4, alpha: 16, targets: ['q_proj', 'k_proj', 'v_proj', 'o_proj'] });
  });

  it('train --out naming a file is RunFolderError', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    const r = await cli(['train', '--config', config, '--steps', '1', '--out', file]);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^RunFolderError: .*a-file is a file/);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('--resume with checkpoint/ gone but a complete checkpoint.tmp/ finishes the rename and does not redo step 1', async () => {
    const dir = copyRun(finished);
    const metrics = readFileSync(join(dir, 'metrics.jsonl'), 'utf8');
    renameSync(join(dir, 'checkpoint'), join(dir, 'checkpoint.tmp'));
    const r = await cli(['train', '--resume', dir, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/finished the interrupted checkpoint save/);
    expect(r.stderr).not.toMatch(/step 1:/);
    expect(existsSync(join(dir, 'checkpoint', 'state.json'))).toBe(true);
    expect(existsSync(join(dir, 'checkpoint.tmp'))).toBe(false);
    expect(readFileSync(join(dir, 'metrics.jsonl'), 'utf8')).toBe(metrics);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'done', steps: 1, checkpoint: 1 });
  });

  it('--resume with the state file missing is CheckpointMissingError, not a restart from step 0', async () => {
    const dir = copyRun(finished);
    const metrics = readFileSync(join(dir, 'metrics.jsonl'), 'utf8');
    rmSync(join(dir, 'checkpoint', 'state.json'));
    const r = await cli(['train', '--resume', dir, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^CheckpointMissingError: .*state\.json.*--restart/);
    expect(r.stderr).not.toMatch(/step 1:/);
    expect(readFileSync(join(dir, 'metrics.jsonl'), 'utf8')).toBe(metrics);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });

  it('--resume with checkpoint/ removed (and no checkpoint.tmp/) is CheckpointMissingError', async () => {
    const dir = copyRun(finished);
    rmSync(join(dir, 'checkpoint'), { recursive: true });
    const r = await cli(['train', '--resume', dir, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^CheckpointMissingError: .*checkpoint.*--restart/);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });

  it('--resume --restart starts over from step 0 when asked', async () => {
    const dir = copyRun(finished);
    rmSync(join(dir, 'checkpoint', 'state.json'));
    const r = await cli(['train', '--resume', dir, '--restart', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/step 1:/);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'done', steps: 1, checkpoint: 1 });
  });

  for (const [what, file] of [
    ['state file', join('checkpoint', 'state.json')],
    ['run.json', 'run.json'],
  ] as const) {
    it(`--resume with a truncated ${what} is RunFileCorruptError naming it, leaves no .lock`, async () => {
      const dir = copyRun(finished);
      const p = join(dir, file);
      writeFileSync(p, readFileSync(p).subarray(0, 100));
      const r = await cli(['train', '--resume', dir, '--quiet']);
      expect(r.code).toBe(1);
      expect(r.error).toMatch(new RegExp(`^RunFileCorruptError: .*${file.replace(/[./\\]/g, '.')}`));
      expect(existsSync(join(dir, '.lock'))).toBe(false);
      if (file !== 'run.json') expect(runJson(dir)).toMatchObject({ status: 'failed', message: expect.stringMatching(/state\.json/) as string });
    });
  }

  for (const file of ['metrics.jsonl', 'trajectories.jsonl']) {
    it(`--resume with the last line of ${file} cut off is RunFileCorruptError naming the line, marks the run failed and leaves no .lock`, async () => {
      const dir = copyRun(finished);
      const run = runJson(dir);
      writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...run, status: 'running' }));
      truncateLastLine(join(dir, file));
      const r = await cli(['train', '--resume', dir, '--quiet']);
      expect(r.code).toBe(1);
      expect(r.error).toMatch(new RegExp(`^RunFileCorruptError: .*${file.replace('.', '\\.')} line \\d+`));
      expect(existsSync(join(dir, '.lock'))).toBe(false);
      expect(runJson(dir)).toMatchObject({ status: 'failed', message: expect.stringContaining(file) as string });
    });
  }

  it("RunLockedError names the holder's run and process, and --force does not touch a locked run", async () => {
    const dir = copyRun(finished);
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: process.ppid, runId: 'run-holder' }));
    const before = hashTree(dir);
    const r = await cli(['train', '--config', config, '--steps', '1', '--quiet', '--force', '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(new RegExp(`^RunLockedError: .*run-holder.*process ${process.ppid}`));
    expect(hashTree(dir)).toBe(before);
  });

  it('a run that fails while loading (a damaged tokenizer.json) is marked failed with the reason, not left "loading", and unlocked', async () => {
    const model = join(tempDir(), 'model');
    mkdirSync(model);
    for (const f of ['config.json', 'model.safetensors', 'tokenizer_config.json']) writeFileSync(join(model, f), readFileSync(join(TINY_LLAMA, f)));
    writeFileSync(join(model, 'tokenizer.json'), '{"model": ');
    const out = join(tempDir(), 'run');
    const r = await cli(['train', '--config', config, '--steps', '1', '--quiet', '--model', model, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^\w+Error: .*tokenizer\.json/);
    expect(runJson(out)).toMatchObject({ status: 'failed', message: expect.stringMatching(/tokenizer\.json/) as string });
    expect(existsSync(join(out, '.lock'))).toBe(false);
  });

  it('a run whose model cannot load (no tokenizer.json) is refused before anything is written', async () => {
    const model = join(tempDir(), 'model');
    mkdirSync(model);
    for (const f of ['config.json', 'model.safetensors', 'tokenizer_config.json']) writeFileSync(join(model, f), readFileSync(join(TINY_LLAMA, f)));
    const out = join(tempDir(), 'run');
    const r = await cli(['train', '--config', config, '--steps', '1', '--quiet', '--model', model, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^ModelFileMissingError: .*tokenizer\.json/);
    expect(existsSync(out)).toBe(false);
  });
});

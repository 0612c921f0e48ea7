// Faults of inputs: config files, settings, data files, tokenizers, rewards and model files: each a
// named error line, exit 1, and nothing written.

import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir, TINY_LLAMA } from './testkit';

/** `train --config FILE --out DIR` on a config object (or raw text); returns the result and DIR. */
async function trainWith(config: unknown, extra: string[] = []): Promise<{ code: number; error: string; out: string; stderr: string }> {
  const dir = tempDir();
  const file = join(dir, 'cfg.json');
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  const out = join(dir, 'run');
  const r = await cli(['train', '--config', file, '--steps', '1', '--quiet', ...extra, '--out', out]);
  return { ...r, out };
}


describe('faults: config files and settings', { timeout: 60_000 }, () => {
  it('a missing --config file is ConfigFileError', async () => {
    const out = join(tempDir(), 'run');
    const r = await cli(['train', '--config', join(tempDir(), 'nope.json'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^ConfigFileError: .*nope\.json.*does not exist/);
    expect(existsSync(out)).toBe(false);
  });

  it('an invalid-JSON --config file is ConfigFileError', async () => {
    const r = await trainWith('{"rl": {"beta": 0.1,}');
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^ConfigFileError: .*cfg\.json is not valid JSON/);
    expect(existsSync(r.out)).toBe(false);
  });

  for (const [config, pattern] of [
    [{ colour: 'red' }, /^ConfigError: .*"colour".*unknown/],
    [JSON.parse('{"__proto__": {"steps": 3}}') as unknown, /^ConfigError: .*"__proto__".*unknown/],
    [{ lora: { rank: 4 } }, /^ConfigError: .*"lora\.rank".*Did you mean "r"/],
    [{ optim: { weight_decay: -5 } }, /^ConfigError: .*"optim\.weight_decay"/],
    [{ optim: { max_grad_norm: -1 } }, /^ConfigError: .*"optim\.max_grad_norm"/],
    [{ optim: { lr_scheduler_type: 'bogus' } }, /^ConfigError: .*"optim\.lr_scheduler_type".*"cosine"/],
    [{ optim: { warmup_steps: -2 } }, /^ConfigError: .*"optim\.warmup_steps"/],
    [{ lora: { targets: ['bogus_proj'] } }, /^ConfigError: .*"lora\.targets".*bogus_proj/],
    [{ model: 'bundled:../../x' }, /^ConfigError: .*"model".*\.\.\/\.\.\/x/],
  ] as const) {
    it(`config ${JSON.stringify(config)} is refused by name before anything is written`, async () => {
      const r = await trainWith(config);
      expect(r.code).toBe(1);
      expect(r.error).toMatch(pattern);
      expect(existsSync(r.out)).toBe(false);
    });
  }

  it('--model bundled:../../x does not escape public/models', async () => {
    const r = await cli(['train', '--model', 'bundled:../../x', '--out', join(tempDir(), 'run')]);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^ConfigError: .*bundled:\.\.\/\.\.\/x/);
  });

  it('"model": "/path" names the missing model folder', async () => {
    const r = await trainWith({ model: '/no/such/model' });
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^ModelFileMissingError: .*\/no\/such\/model/);
    expect(existsSync(r.out)).toBe(false);
  });
});

describe('faults: data, tokenizer, credit and model inputs', { timeout: 120_000 }, () => {
  let world: string;
  let files: string[];
  beforeAll(async () => {
    world = tempDir();
    expect((await cli(['data', 'generate', '--seed', '1', '--preset', 'tiny', '--out', world])).code).toBe(0);
    files = [join(world, 'questions.csv'), join(world, 'shared_contexts.jsonl')];
  });

  it('data inspect on a missing file is DatasetFileError', async () => {
    const r = await cli(['data', 'inspect', join(tempDir(), 'nope.csv'), files[1]]);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^DatasetFileError: .*nope\.csv does not exist/);
  });

  it('data inspect on a directory is DatasetFileError', async () => {
    const dir = tempDir();
    const r = await cli(['data', 'inspect', dir, dir]);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^DatasetFileError: .* is a folder/);
  });

  it('data inspect --max-bytes=-1 is refused; --max-bytes 100 says the sizes in bytes', async () => {
    const neg = await cli(['data', 'inspect', ...files, '--max-bytes=-1']);
    expect(neg.code).toBe(1);
    expect(neg.error).toMatch(/^WorldConfigError: --max-bytes/);
    const small = await cli(['data', 'inspect', ...files, '--max-bytes', '100']);
    expect(small.code).toBe(1);
    expect(small.error).toMatch(/^FileTooLargeError: .* over the import limit of 100 B/);
    expect(small.error).not.toMatch(/0 MiB/);
  });

  it('--tokenizer naming a folder with no tokenizer.json is ModelFileMissingError', async () => {
    const r = await cli(['data', 'inspect', ...files, '--tokenizer', tempDir()]);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^ModelFileMissingError: .*tokenizer\.json/);
  });

  it('a 1e309 reward is named as Infinity, not null', async () => {
    const file = join(tempDir(), 'g.json');
    writeFileSync(file, '{"local": {"extractor": [1e309, 0], "profiler": [0, 1], "retriever": [0, 1]}, "global": [0, 1]}');
    const r = await cli(['credit', file]);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^CreditInputError: .*Infinity/);
  });

  it('rewards of ±1e308 give finite, non-zero advantages (no overflow to a fake zero spread)', async () => {
    const file = join(tempDir(), 'g.json');
    writeFileSync(file, JSON.stringify({ local: { extractor: [1e308, -1e308], profiler: [1e308, -1e308], retriever: [1e308, -1e308] }, global: [1e308, -1e308] }));
    const r = await cli(['credit', file]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { advantages: Record<string, number[]>; zero_spread: boolean };
    for (const adv of Object.values(report.advantages)) {
      expect(adv.every(Number.isFinite)).toBe(true);
      expect(adv[0]).toBeGreaterThan(0.5);
    }
  });

  it('model score on a model file over 2 GiB reads it in slices (a damaged header is named, not ERR_FS_FILE_TOO_LARGE)', async () => {
    const dir = join(tempDir(), 'big');
    mkdirSync(dir);
    writeFileSync(join(dir, 'config.json'), readFileSync(join(TINY_LLAMA, 'config.json')));
    const fd = openSync(join(dir, 'model.safetensors'), 'w');
    writeSync(fd, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0]), 0, 8, 0);
    writeSync(fd, Buffer.from([0]), 0, 1, 2 ** 31 + 16);
    closeSync(fd);
    const r = await cli(['model', 'score', '--model', dir, '--ids', '1,2']);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^SafetensorsHeaderError: /);
  });
});

// `comam-lab train --precision P`: the flag (or "precision" in the config file) sets the run's frozen-base
// precision, a bad value is a named error, a run trains on an int4 base, and `comam-lab eval` evaluates an
// int8-trained run on an int8 base (and refuses another), the untrained team and baselines at --precision.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Engine } from '../../model/engine';
import { QuantizationError } from '../../model/quant/pack';
import type { RunSetup } from '../../run/runSetup';
import { bufferIo } from '../io';
import { main } from '../main';
import { buildSetup } from '../../run/runConfig';

const FIXTURE = join(process.cwd(), '..', 'shared', 'fixtures', 'models', 'tiny-llama-f32');

describe('train --precision', () => {
  it('defaults to f32; the flag overrides the config file; anything else is a QuantizationError', () => {
    expect(buildSetup({}, {}).precision).toBe('f32');
    expect(buildSetup({ precision: 'int8' }, {}).precision).toBe('int8');
    expect(buildSetup({ precision: 'int8' }, { precision: 'int4' }).precision).toBe('int4');
    expect(() => buildSetup({}, { precision: 'fp16' })).toThrow(QuantizationError);
    expect(() => buildSetup({ precision: 'q4' }, {})).toThrow(/Precision "q4" is not supported/);
  });

  it('trains a step on an int4 base and records the precision in run.json', { timeout: 240_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'comam-precision-'));
    const cfg = join(out, 'cfg.json');
    writeFileSync(cfg, JSON.stringify({ rl: { num_generations: 2, max_completion_length: 4 }, lora: { r: 2, alpha: 4, targets: ['q_proj', 'v_proj'] }, questionsPerStep: 1, checkpointEvery: 1, maxPromptTokens: 160, prompts: { extractor: 'H:\n{{history}}\nM:', profiler: 'M:\n{{memory}}\nP:', retriever: '{{memory}}|{{profile}}|{{question}}|{{options}}\nA:' } }));
    const io = bufferIo();
    const code = await main(['train', '--config', cfg, '--model', FIXTURE, '--precision', 'int4', '--steps', '1', '--backend', 'wasm', '--quiet', '--out', join(out, 'run')], io);
    expect(io.stderr()).toContain('status: done');
    expect(code).toBe(0);
    const run = JSON.parse(readFileSync(join(out, 'run', 'run.json'), 'utf8')) as { setup: RunSetup };
    expect(run.setup.precision).toBe('int4');
    expect(readFileSync(join(out, 'run', 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('evaluates an int8-trained run on an int8 base', { timeout: 240_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'comam-precision-'));
    const cfg = join(out, 'cfg.json');
    writeFileSync(cfg, JSON.stringify({ rl: { num_generations: 2, max_completion_length: 4 }, lora: { r: 2, alpha: 4, targets: ['q_proj', 'v_proj'] }, questionsPerStep: 1, checkpointEvery: 1, maxPromptTokens: 160, prompts: { extractor: 'H:\n{{history}}\nM:', profiler: 'M:\n{{memory}}\nP:', retriever: '{{memory}}|{{profile}}|{{question}}|{{options}}\nA:' } }));
    const run = join(out, 'run');
    const trained = bufferIo();
    expect(await main(['train', '--config', cfg, '--model', FIXTURE, '--precision', 'int8', '--steps', '1', '--backend', 'wasm', '--quiet', '--out', run], trained)).toBe(0);
    const load = vi.spyOn(Engine, 'load');
    try {
      const io = bufferIo();
      const code = await main(['eval', '--run', run, '--limit', '1', '--backend', 'wasm', '--json'], io);
      expect(io.stderr()).not.toMatch(/error/i);
      expect(code).toBe(0);
      expect(load).toHaveBeenCalledTimes(1);
      expect(load.mock.calls[0]?.[1]?.precision).toBe('int8');
      const engine = await load.mock.results[0]?.value as Engine;
      expect(engine.precision).toBe('int8');
      // Another precision for a stored run is refused: it would evaluate a base the adapters were not trained on.
      const other = bufferIo();
      expect(await main(['eval', '--run', run, '--precision', 'f32', '--limit', '1', '--backend', 'wasm'], other)).not.toBe(0);
      expect(other.stderr()).toMatch(/trained on a int8 base, and is evaluated on it; drop --precision f32/);
    } finally {
      load.mockRestore();
    }
  });

  it('evaluates the untrained team and a baseline at --precision', { timeout: 240_000 }, async () => {
    const load = vi.spyOn(Engine, 'load');
    try {
      for (const target of [['--untrained'], ['--baseline', 'no-memory']]) {
        const io = bufferIo();
        const code = await main(['eval', ...target, '--model', 'bundled:comam-tiny', '--world', 'tiny', '--precision', 'int8', '--limit', '1', '--backend', 'wasm', '--json'], io);
        expect(code, io.stderr()).toBe(0);
      }
      expect(load.mock.calls.map((c) => c[1]?.precision)).toEqual(['int8', 'int8']);
    } finally {
      load.mockRestore();
    }
  });
});

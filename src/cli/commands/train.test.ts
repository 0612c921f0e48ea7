import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENT_NAMES, perAgent } from '../../agents/names';
import { ndcg, softmaxWeights } from '../../rl/credit';
import type { TrajectoryRow } from '../../rl/trainer/session';
import { SHORT_PROMPTS } from '../../rl/trainer/testkit';
import { bufferIo } from '../io';
import { main } from '../main';

const FIXTURE = join(process.cwd(), '..', 'shared', 'fixtures', 'models', 'tiny-llama-f32');

describe('comam-lab train and eval (CLI smoke run on the fixture model, wasm)', { timeout: 240_000 }, () => {
  it('writes metrics, trajectories, PEFT adapters and a checkpoint; logged credit weights follow the logged rewards; eval reads the run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-'));
    const out = join(dir, 'run');
    const cfg = join(dir, 'cfg.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        rl: { num_generations: 3, max_completion_length: 4, learning_rate: 0.05 },
        lora: { r: 4, alpha: 8, targets: ['q_proj', 'v_proj'] },
        prompts: SHORT_PROMPTS,
        questionsPerStep: 2,
        checkpointEvery: 2,
        maxPromptTokens: 160,
        model: { kind: 'folder', name: FIXTURE },
      }),
    );
    const baseBytes = readFileSync(join(FIXTURE, 'model.safetensors'));
    const io = bufferIo();
    const code = await main(['train', '--config', cfg, '--steps', '2', '--seed', '4', '--backend', 'wasm', '--quiet', '--out', out], io);
    expect(io.stderr()).toContain('status: done');
    expect(code).toBe(0);
    expect(JSON.parse(io.stdout())).toMatchObject({ status: 'done', steps: 2, checkpoint: 2 });

    const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(metrics.map((m) => m.step)).toEqual([1, 2]);
    for (const key of ['local', 'global', 'weights', 'loss', 'kl', 'entropy', 'gradNorm', 'tokensPerSec']) expect(metrics[0]).toHaveProperty(key);

    const rows = readFileSync(join(out, 'trajectories.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrajectoryRow);
    expect(rows).toHaveLength(2 * 2 * 3);
    for (const r of rows) {
      for (const key of ['step', 'question_id', 'group', 'trajectory', 'local', 'global', 'ndcg', 'weights', 'integrated', 'advantage', 'outputs']) expect(r).toHaveProperty(key);
      const group = rows.filter((x) => x.step === r.step && x.group === r.group).sort((a, b) => a.trajectory - b.trajectory);
      expect(group).toHaveLength(3);
      const v = perAgent((n) => ndcg(group.map((x) => x.local[n]), group.map((x) => x.global)));
      const w = softmaxWeights(v);
      for (const n of AGENT_NAMES) {
        expect(r.ndcg[n]).toBeCloseTo(v[n], 12);
        expect(r.weights[n]).toBeCloseTo(w[n], 12);
        expect(r.integrated[n]).toBeCloseTo(r.local[n] + w[n] * r.global, 12);
      }
    }
    for (const n of AGENT_NAMES) expect(readdirSync(join(out, 'adapters', n)).sort()).toEqual(['adapter_config.json', 'adapter_model.safetensors']);
    expect(JSON.parse(readFileSync(join(out, 'checkpoint', 'state.json'), 'utf8'))).toMatchObject({ step: 2 });
    expect(readFileSync(join(FIXTURE, 'model.safetensors')).equals(baseBytes)).toBe(true);

    const evalIo = bufferIo();
    expect(await main(['eval', '--run', out, '--split', 'val', '--json', '--limit', '2', '--backend', 'wasm'], evalIo)).toBe(0);
    const report = JSON.parse(evalIo.stdout()) as { system: string; questions: number; accuracy: number };
    expect(report).toMatchObject({ system: 'team', questions: 2 });
    expect(report.accuracy).toBeGreaterThanOrEqual(0);
  });

  it('refuses a missing --out and an unknown preset with their fixes', async () => {
    const io = bufferIo();
    expect(await main(['train', '--preset', 'classroom'], io)).toBe(2);
    expect(io.stderr()).toMatch(/give --out DIR/);
    const io2 = bufferIo();
    expect(await main(['train', '--preset', 'huge', '--out', join(tmpdir(), 'x')], io2)).toBe(1);
    expect(io2.stderr()).toMatch(/Unknown preset "huge"; use classroom or paper/);
  });
});

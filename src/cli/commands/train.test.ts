import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENT_NAMES, perAgent } from '../../agents/names';
import { parseSafetensors, readTensor } from '../../model/safetensors';
import type { RunSetup } from '../../run/runSetup';
import { agentAdvantages } from '../../rl/advantages';
import { assignCredit } from '../../rl/credit';
import type { TrajectoryRow } from '../../run/records';
import { bufferIo } from '../io';
import { main } from '../main';
import { defaultPromptTexts } from '../../agents/registry';
import { presetWorldRef } from '../../rl/syntheticWorld';
import { defaultSetup } from '../../run/setup';
import { buildSetup } from '../../run/runConfig';

const BUNDLED = join(process.cwd(), 'public', 'models', 'comam-tiny');
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The metrics.jsonl fields the issue lists: per-agent mean local reward, global reward, credit weights, loss, KL, entropy, grad norm, tokens/s. */
const PER_AGENT_METRICS = ['weights', 'loss', 'kl', 'entropy', 'gradNorm'] as const;

describe('comam-lab train and eval: CLI smoke run on the bundled comam-tiny (wasm, sampling)', { timeout: 300_000 }, () => {
  it('writes every listed metric and trajectory field, moves all three adapters, leaves the base alone, and logs credit that credit.ts reproduces', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-'));
    const out = join(dir, 'run');
    const cfg = join(dir, 'cfg.json');
    // Sampling at 0.7 from the warm-started bundled model, seed 1: some trajectories answer right and some
    // wrong, and with adaptive credit (w_n > 0) that global spread gives every agent non-zero advantages.
    writeFileSync(
      cfg,
      JSON.stringify({
        rl: { num_generations: 4, max_completion_length: 48, learning_rate: 0.01, temperature: 0.7 },
        lora: { r: 4, alpha: 8, targets: ['q_proj', 'v_proj'] },
        questionsPerStep: 2,
        checkpointEvery: 2,
        maxPromptTokens: 256,
      }),
    );
    const baseHash = sha(join(BUNDLED, 'model.safetensors'));
    const io = bufferIo();
    const code = await main(['train', '--config', cfg, '--model', 'bundled:comam-tiny', '--world', 'tiny', '--steps', '2', '--seed', '1', '--backend', 'wasm', '--quiet', '--out', out], io);
    expect(io.stderr()).toContain('status: done');
    expect(code).toBe(0);
    expect(JSON.parse(io.stdout())).toMatchObject({ status: 'done', steps: 2, checkpoint: 2 });
    const runJson = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { setup: RunSetup; baseModel: string };
    const setup = runJson.setup;
    expect(runJson.baseModel).not.toBe('');

    const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(metrics.map((m) => m.step)).toEqual([1, 2]);
    for (const m of metrics) {
      for (const n of AGENT_NAMES) {
        expect(Number.isFinite((m.local as Record<string, { mean: number }>)[n].mean), `local.${n}.mean`).toBe(true);
        for (const key of PER_AGENT_METRICS) expect(Number.isFinite((m[key] as Record<string, number>)[n]), `${key}.${n}`).toBe(true);
      }
      expect(Number.isFinite((m.global as { mean: number }).mean)).toBe(true);
      expect(m.tokensPerSec as number).toBeGreaterThan(0);
      expect(m.skippedUpdates).toEqual([]);
    }

    const rows = readFileSync(join(out, 'trajectories.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrajectoryRow);
    expect(rows).toHaveLength(2 * 2 * 4);
    const groups = new Map<string, TrajectoryRow[]>();
    for (const r of rows) {
      expect(typeof r.question_id).toBe('string');
      expect([r.step, r.group, r.trajectory, r.global].every(Number.isFinite)).toBe(true);
      for (const n of AGENT_NAMES) {
        for (const v of [r.local[n], r.ndcg[n], r.weights[n], r.integrated[n], r.advantage[n]]) expect(Number.isFinite(v)).toBe(true);
        expect(typeof r.outputs[n]).toBe('string');
      }
      const key = `${r.step}/${r.group}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const spread = perAgent(() => false);
    for (const group of groups.values()) {
      group.sort((a, b) => a.trajectory - b.trajectory);
      expect(group.map((r) => r.trajectory)).toEqual([0, 1, 2, 3]);
      // Recompute the group's credit and advantages from its logged rewards alone.
      const credit = assignCredit(
        { local: perAgent((n) => group.map((r) => r.local[n])), global: group.map((r) => r.global) },
        { mode: setup.rl.credit_mode, creditTemperature: setup.rl.credit_temperature, fixedWeights: setup.rl.fixed_weights, ties: setup.rl.ndcg_ties },
      );
      const adv = agentAdvantages([credit.integrated], setup.rl.scale_rewards);
      group.forEach((r, g) => {
        for (const n of AGENT_NAMES) {
          expect(r.ndcg[n]).toBe(credit.ndcg[n]);
          expect(r.weights[n]).toBe(credit.weights[n]);
          expect(r.integrated[n]).toBe(credit.integrated[n][g]);
          expect(r.advantage[n]).toBe(adv[n].advantages[0][g]);
          if (r.advantage[n] !== 0) spread[n] = true;
        }
      });
    }
    expect(spread, 'every agent had a non-zero advantage somewhere').toEqual({ extractor: true, profiler: true, retriever: true });

    // LoRA B starts at zero (lora.ts), so a non-zero B means the agent's adapter moved; the PEFT files hold LoRA tensors only.
    for (const n of AGENT_NAMES) {
      expect(readdirSync(join(out, 'adapters', n)).sort()).toEqual(['adapter_config.json', 'adapter_model.safetensors']);
      const st = parseSafetensors(new Uint8Array(readFileSync(join(out, 'adapters', n, 'adapter_model.safetensors'))));
      const names = [...st.tensors.keys()];
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((k) => /\.lora_[AB]\.weight$/.test(k))).toBe(true);
      const moved = names.filter((k) => k.endsWith('lora_B.weight')).some((k) => readTensor(st, k).data.some((x) => x !== 0));
      expect(moved, `${n} adapter moved`).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(out, 'checkpoint', 'state.json'), 'utf8'))).toMatchObject({ step: 2 });
    expect(sha(join(BUNDLED, 'model.safetensors'))).toBe(baseHash);

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
    expect(io2.stderr()).toMatch(/Unknown preset "huge"; use classroom, lesson, paper/);
  });
});

describe('buildSetup: the world a run is on', () => {
  it('brings the restated lesson model, the text answer format and the lesson preset on --world lesson, unless the config or --model names others', () => {
    const lesson = buildSetup({}, { world: 'lesson', seed: 2 });
    expect(lesson.model).toEqual({ kind: 'bundled', name: 'comam-lesson-sessions' });
    expect(lesson.rl).toMatchObject({ answer_format: 'text', learning_rate: 3e-4, answer_grounding: 0.5 });
    expect(lesson.prompts.retriever).toBe(defaultPromptTexts('text').retriever);
    expect(lesson.dataset).toMatchObject({ style: 'lesson', seed: 2, restate: true, sessionsPerPersona: 4 });
    // The plain lesson (a config that turns the restatement off) runs on its own model at the classroom preset.
    const plain = buildSetup({ dataset: { restate: false } }, { world: 'lesson', seed: 2 });
    expect(plain.model).toEqual({ kind: 'bundled', name: 'comam-lesson' });
    expect(plain.dataset).toMatchObject({ style: 'lesson', seed: 2, sessionsPerPersona: 3 });
    expect(plain.rl).toMatchObject({ answer_format: 'text', learning_rate: 1e-3, answer_grounding: 0 });
    const mine = buildSetup({ rl: { answer_format: 'letter' } }, { world: 'lesson', model: 'bundled:comam-tiny' });
    expect(mine.model).toEqual({ kind: 'bundled', name: 'comam-tiny' });
    expect(mine.rl.answer_format).toBe('letter');
    expect(mine.prompts.retriever).toBe(defaultPromptTexts('letter').retriever);
    const tiny = buildSetup({}, { world: 'tiny' });
    expect(tiny.model).toEqual({ kind: 'bundled', name: 'comam-tiny' });
    expect(tiny.rl.answer_format).toBe('letter');
  });

  it('starts from the page\'s defaults, and a world takes every knob of its preset', () => {
    // One table (run/setup.ts RUN_DEFAULTS): the CLI's run without flags is the page's default run.
    expect(buildSetup({}, {})).toEqual(defaultSetup());
    expect(buildSetup({}, { seed: 4, world: 'classroom' })).toEqual(defaultSetup({ seed: 4, world: 'classroom' }));
    // --world tiny and classroom dropped their presets' topics per persona and questions per type.
    expect(buildSetup({}, { world: 'tiny' }).dataset).toEqual(presetWorldRef('tiny', 1));
    expect(buildSetup({}, { world: 'tiny' }).dataset).toMatchObject({ topicsPerPersona: 2 });
    expect(buildSetup({}, { world: 'classroom', seed: 3 }).dataset).toMatchObject({ seed: 3, personas: 8, questionsPerType: 2 });
  });
});

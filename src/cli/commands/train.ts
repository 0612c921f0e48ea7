// `comam-lab train`: joint GRPO training of the three agents from a config file or preset, writing
// metrics.jsonl, trajectories.jsonl, memory.jsonl, adapters/ and checkpoint/ to --out; --resume continues.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AGENTS } from '../../agents/registry';
import { perAgent } from '../../agents/names';
import { WORLD_PRESETS, DEFAULT_WORLD } from '../../env/worldConfig';
import { initNodeBackend } from '../../model/node-webgpu';
import { parseBackendPreference } from '../../model/backendInfo';
import { enableGradients } from '../../model/gradients';
import { parsePrecision } from '../../model/quant/pack';
import { COLD_START_DEFAULTS, type RunSetup, type TrainerEvent } from '../../protocol/trainer';
import { resolveConfig, type PresetName } from '../../rl/config';
import { TrainerSetupError } from '../../rl/trainer/errors';
import { InProcessTrainer } from '../../rl/trainer/trainer';
import type { Command, CliIo } from '../io';
import { fileLock } from '../fileLock';
import { loadNodeDataset, loadNodeModel, nodeJudge, parseModelArg } from '../nodeModel';
import { FolderRunStore } from '../runFolder';

/** The lab's bundled model (issue 7), used when neither the config nor --model names one. */
export const DEFAULT_MODEL = 'bundled:comam-tiny';

const WORLDS = { tiny: WORLD_PRESETS.tiny, classroom: WORLD_PRESETS.classroom } as const;

/** A RunSetup from an optional config object (a partial RunSetup; `rl` may be partial), a preset and flags. */
export function buildSetup(
  config: Record<string, unknown>,
  flags: { preset?: PresetName; steps?: number; seed?: number; model?: string; precision?: string; world?: keyof typeof WORLDS; coldStartSteps?: number; coldStartLr?: number },
): RunSetup {
  const seed = flags.seed ?? (typeof config.seed === 'number' ? config.seed : 1);
  const world = { ...DEFAULT_WORLD, ...(flags.world ? WORLDS[flags.world] : WORLDS.tiny) };
  const { rl, ...rest } = config as Partial<RunSetup> & { rl?: Record<string, unknown> };
  const setup: RunSetup = {
    dataset: { kind: 'synthetic', seed, personas: world.personas, sessionsPerPersona: world.sessionsPerPersona, turnsPerSession: world.turnsPerSession, distractorRatio: world.distractorRatio },
    model: parseModelArg(DEFAULT_MODEL),
    precision: 'f32',
    judge: { kind: 'rubric' },
    prompts: perAgent((n) => AGENTS[n].prompt.text),
    lora: { r: 8, alpha: 16, targets: ['q_proj', 'k_proj', 'v_proj', 'o_proj'] },
    questionsPerStep: 2,
    steps: 20,
    checkpointEvery: 5,
    maxPromptTokens: 768,
    ...rest,
    rl: resolveConfig(rl ?? {}, flags.preset),
    seed,
  };
  if (flags.steps !== undefined) setup.steps = flags.steps;
  if (flags.model !== undefined) setup.model = parseModelArg(flags.model);
  if (flags.precision !== undefined) setup.precision = flags.precision as RunSetup['precision'];
  setup.precision = parsePrecision(setup.precision);
  if (flags.coldStartSteps !== undefined || flags.coldStartLr !== undefined) {
    // 0 steps switches the stage off (also one a config file asked for).
    const steps = flags.coldStartSteps ?? setup.coldStart?.steps ?? COLD_START_DEFAULTS.steps;
    if (steps === 0) delete setup.coldStart;
    else setup.coldStart = { steps, lr: flags.coldStartLr ?? setup.coldStart?.lr ?? COLD_START_DEFAULTS.lr };
  }
  return setup;
}

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new TrainerSetupError(`--${name} must be a whole number ≥ 0, got "${v}".`, { field: name });
  return n;
}

function positive(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new TrainerSetupError(`--${name} must be a positive number, got "${v}".`, { field: name });
  return n;
}

function reporter(io: CliIo, quiet: boolean): (e: TrainerEvent) => void {
  return (e) => {
    if (e.kind === 'step') {
      const m = e.metrics;
      io.err.write(`step ${m.step}: accuracy ${m.global.mean.toFixed(3)}  local ${(['extractor', 'profiler', 'retriever'] as const).map((n) => m.local[n].mean.toFixed(3)).join('/')}  grad norm ${(['extractor', 'profiler', 'retriever'] as const).map((n) => m.gradNorm[n].toPrecision(6)).join('/')}  ${m.wallMs} ms${m.skippedUpdates.length ? `  skipped: ${m.skippedUpdates.join(', ')}` : ''}\n`);
    } else if (e.kind === 'status') io.err.write(`status: ${e.status}${e.message ? ` — ${e.message}` : ''}\n`);
    else if (e.kind === 'error') io.err.write(`${e.error.name}: ${e.error.message}\n`);
    else if (!quiet && e.phase !== 'sample' && e.phase !== 'score') io.err.write(`  ${e.label}\n`);
  };
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train the three agents together (GRPO + credit) and write metrics, trajectories, adapters and checkpoints',
  usage: [
    'comam-lab train (--config FILE | --preset classroom|paper) [--steps N] [--seed S] [--backend cpu|wasm|webgpu|auto]',
    '                [--model PATH|bundled:NAME] [--precision f32|int8|int4] [--world tiny|classroom] [--cold-start-steps N] [--cold-start-lr LR]',
    '                [--quiet] --out DIR',
    'comam-lab train --resume DIR [--backend B]',
    '',
    'FILE: JSON, a partial run setup: {"rl": {...TRL-named GRPO settings}, "lora": {"r", "alpha", "targets"},',
    '      "questionsPerStep", "steps", "checkpointEvery", "seed", "model", "judge", "prompts", "optim", "maxPromptTokens",',
    '      "coldStart": {"steps", "lr"}}.',
    `The model defaults to ${DEFAULT_MODEL} (public/models/comam-tiny); --precision (or "precision" in FILE) quantizes its frozen base (default f32; the LoRA adapters stay f32).`,
    `--cold-start-steps N: before GRPO step 1, N supervised steps per agent on teacher demonstrations (cold-start SFT; lr ${COLD_START_DEFAULTS.lr} unless --cold-start-lr; 0 = off).`,
    'DIR gets run.json, metrics.jsonl, trajectories.jsonl, memory.jsonl, adapters/{extractor,profiler,retriever}/ (PEFT) and checkpoint/.',
  ].join('\n'),
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        preset: { type: 'string' },
        steps: { type: 'string' },
        seed: { type: 'string' },
        backend: { type: 'string', default: 'wasm' },
        model: { type: 'string' },
        precision: { type: 'string' },
        world: { type: 'string' },
        out: { type: 'string' },
        resume: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        'cold-start-steps': { type: 'string' },
        'cold-start-lr': { type: 'string' },
      },
    });
    const dir = values.resume ?? values.out;
    if (dir === undefined) {
      io.err.write(`comam-lab train: give --out DIR (or --resume DIR).\nUsage: ${this.usage}\n`);
      return 2;
    }
    if (values.preset !== undefined && values.preset !== 'classroom' && values.preset !== 'paper') {
      throw new TrainerSetupError(`Unknown preset "${values.preset}"; use classroom or paper.`, { field: 'preset' });
    }
    if (values.world !== undefined && !(values.world in WORLDS)) throw new TrainerSetupError(`Unknown world "${values.world}"; use tiny or classroom.`, { field: 'world' });
    await initNodeBackend(parseBackendPreference(values.backend));
    await enableGradients();
    const store = new FolderRunStore(dir);
    const warn = (msg: string) => io.err.write(`warning: ${msg}\n`);
    const trainer = new InProcessTrainer({
      store,
      lock: fileLock(dir),
      loadModel: (ref, _progress, precision) => loadNodeModel(ref, undefined, precision),
      loadDataset: (ref) => Promise.resolve(loadNodeDataset(ref)),
      makeJudge: (ref, model) => Promise.resolve(nodeJudge(ref, model, warn)),
      newRunId: () => `run-${Date.now().toString(36)}`,
    });
    trainer.subscribe(reporter(io, values.quiet));
    try {
      if (values.resume !== undefined) {
        const run = store.readRun();
        await trainer.resume(run.id);
      } else {
        const config = values.config === undefined ? {} : (JSON.parse(readFileSync(values.config, 'utf8')) as Record<string, unknown>);
        const setup = buildSetup(config, {
          preset: values.preset,
          steps: int('steps', values.steps),
          seed: int('seed', values.seed),
          model: values.model,
          precision: values.precision,
          world: values.world as keyof typeof WORLDS | undefined,
          coldStartSteps: int('cold-start-steps', values['cold-start-steps']),
          coldStartLr: positive('cold-start-lr', values['cold-start-lr']),
        });
        await trainer.start(setup);
      }
      await trainer.idle();
      const run = store.readRun();
      io.out.write(`${JSON.stringify({ run: run.id, status: run.status, steps: run.step, checkpoint: run.checkpointStep, out: dir, ...(run.message ? { message: run.message } : {}) })}\n`);
      return run.status === 'done' ? 0 : 1;
    } finally {
      trainer.dispose();
    }
  },
};

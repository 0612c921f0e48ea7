// `comam-lab train`: joint GRPO training of the three agents from a config file or preset, writing
// metrics.jsonl, trajectories.jsonl, memory.jsonl, adapters/ and checkpoint/ to --out; --resume continues.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { initNodeBackend } from '../../model/node-webgpu';
import { parseBackendPreference } from '../../model/backendInfo';
import { enableGradients } from '../../model/gradients';
import { COLD_START_DEFAULTS, type RunSetup } from '../../run/runSetup';
import type { TrainerEvent } from '../../run/protocol/trainer';
import { TrainerSetupError } from '../../rl/trainerErrors';
import { InProcessTrainer } from '../../run/trainer';
import { buildSetup } from '../../run/runConfig';
import { parseRunPreset, parseRunWorld, RUN_DEFAULTS, RUN_WORLDS, WORLD_MODELS } from '../../run/setup';
import { ConfigFileError } from '../errors';
import type { Command, CliIo } from '../io';
import { fileLock } from '../fileLock';
import { checkModelFolder, loadNodeDataset, loadNodeModel, nodeJudge } from '../nodeModel';
import { FolderRunStore } from '../runFolder';

/** The --config file as JSON; a missing or malformed file is a ConfigFileError naming it. */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? String(err)})`;
    throw new ConfigFileError(`The config file ${path} ${why}. Give a JSON file of run settings (see --help).`, { file: path });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ConfigFileError(`The config file ${path} is not valid JSON (${(err as Error).message}). Fix it, e.g. with a JSON linter.`, { file: path });
  }
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
    'comam-lab train (--config FILE | --preset classroom|lesson|paper) [--steps N] [--seed S] [--backend cpu|wasm|webgpu|auto]',
    '                [--model PATH|bundled:NAME] [--precision f32|int8|int4] [--world lesson|tiny|classroom|paper] [--cold-start-steps N] [--cold-start-lr LR]',
    '                [--frozen-control] [--quiet] [--force] --out DIR',
    'comam-lab train --resume DIR [--restart] [--backend B]',
    '',
    'FILE: JSON, a partial run setup: {"rl": {...TRL-named GRPO settings}, "lora": {"r", "alpha", "targets"},',
    '      "questionsPerStep", "steps", "checkpointEvery", "seed", "model", "judge", "prompts", "optim", "maxPromptTokens",',
    '      "coldStart": {"steps", "lr"}, "frozenControl"}.',
    `--world (default ${RUN_DEFAULTS.world.value}) picks the world and the bundled model made for it (${RUN_WORLDS.map((w) => `${w}: bundled:${WORLD_MODELS[w].model}`).join(', ')}); the defaults are the page's (run/setup.ts RUN_DEFAULTS).`,
    '--precision (or "precision" in FILE) quantizes the frozen base (default f32; the LoRA adapters stay f32).',
    `--cold-start-steps N: before GRPO step 1, N supervised steps per agent on teacher demonstrations (cold-start SFT; lr ${COLD_START_DEFAULTS.lr} unless --cold-start-lr; 0 = off).`,
    '--frozen-control (or "frozenControl": true): a control run that samples and scores the questions a training run of the same seed takes, step by step, and updates no adapter.',
    'DIR gets run.json, metrics.jsonl, trajectories.jsonl, memory.jsonl, adapters/{extractor,profiler,retriever}/ (PEFT) and checkpoint/.',
    'FILE is checked whole before anything is written: unknown keys, wrong types and out-of-range values are one ConfigError.',
    'A DIR that already holds a run is refused unless --force (which replaces it, never while another process trains it).',
    '--resume first finishes a checkpoint save a kill interrupted; with the checkpoint or its state file gone it stops',
    '(CheckpointMissingError) instead of restarting: --restart trains the run again from step 0.',
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
        force: { type: 'boolean', default: false },
        restart: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        'cold-start-steps': { type: 'string' },
        'cold-start-lr': { type: 'string' },
        'frozen-control': { type: 'boolean', default: false },
      },
    });
    const dir = values.resume ?? values.out;
    if (dir === undefined || (values.resume !== undefined && values.out !== undefined)) {
      io.err.write(`comam-lab train: give --out DIR for a new run, or --resume DIR to continue one.\nUsage: ${this.usage}\n`);
      return 2;
    }
    const preset = parseRunPreset(values.preset);
    const world = parseRunWorld(values.world);
    const store = new FolderRunStore(dir);
    // Everything is checked before anything is written or the backend is loaded.
    let setup: RunSetup | undefined;
    let resumeId: string | undefined;
    if (values.resume !== undefined) {
      const run = store.readRun();
      if (!values.restart && store.recoverCheckpoint() === 'renamed') io.err.write(`note: finished the interrupted checkpoint save in ${dir} (checkpoint.tmp/ → checkpoint/).\n`);
      store.checkResumable(run, values.restart);
      resumeId = run.id;
    } else {
      setup = buildSetup(values.config === undefined ? {} : readConfigFile(values.config), {
        preset,
        steps: int('steps', values.steps),
        seed: int('seed', values.seed),
        model: values.model,
        precision: values.precision,
        world,
        coldStartSteps: int('cold-start-steps', values['cold-start-steps']),
        coldStartLr: positive('cold-start-lr', values['cold-start-lr']),
        frozenControl: values['frozen-control'] || undefined,
      }, values.config);
      checkModelFolder(setup.model);
      store.prepareNew(values.force);
    }
    await initNodeBackend(parseBackendPreference(values.backend));
    await enableGradients();
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
      if (resumeId !== undefined) await trainer.resume(resumeId);
      else if (setup) await trainer.start(setup);
      await trainer.idle();
      const run = store.readRun();
      io.out.write(`${JSON.stringify({ run: run.id, status: run.status, steps: run.step, checkpoint: run.checkpointStep, out: dir, ...(run.message ? { message: run.message } : {}) })}\n`);
      return run.status === 'done' ? 0 : 1;
    } finally {
      trainer.dispose();
    }
  },
};

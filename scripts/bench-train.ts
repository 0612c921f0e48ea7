// The issue-8 benchmark (not a timed test): held-out accuracy before and after classroom-preset training
// of the bundled model on a generated world (wasm), per credit mode and seed, under one wall-clock budget.
// Run: npm run bench:train -- [--minutes 30] [--eval-at 15] [--seeds 1,2,3] [--modes adaptive,local,independent]
//        [--lr 1e-3] [--model bundled:comam-tiny] [--world classroom] [--eval-limit N] [--json] [--out DIR]
// Each run trains for --minutes of wall clock (evaluations not counted) and is also evaluated when its
// training time passes each --eval-at mark, so one run answers several budgets. A run uses one core
// (tfjs wasm in Node is single-threaded): two commands side by side use both cores of a 2-core machine.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSetup } from '../src/cli/commands/train';
import { loadNodeDataset, loadNodeModel, modelDir, nodeJudge, parseModelArg } from '../src/cli/nodeModel';
import { initBackend } from '../src/model/backend';
import { enableGradients } from '../src/model/gradients';
import { CREDIT_MODES, type CreditMode } from '../src/rl/config';
import { evaluateTeam } from '../src/rl/eval/evaluate';
import { TrainingSession } from '../src/rl/trainer/session';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    'eval-at': { type: 'string', default: '' },
    lr: { type: 'string' },
    seeds: { type: 'string', default: '1,2,3' },
    modes: { type: 'string', default: 'adaptive,local,independent' },
    model: { type: 'string', default: 'bundled:comam-tiny' },
    world: { type: 'string', default: 'classroom' },
    'eval-limit': { type: 'string' },
    out: { type: 'string', default: 'bench-results' },
    'max-prompt-tokens': { type: 'string', default: '512' },
    json: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  process.stderr.write(`bench:train: ${message}\n`);
  process.exit(2);
}

const minutes = Number(values.minutes);
if (!(minutes > 0)) fail(`--minutes must be a number > 0, got "${values.minutes}".`);
const seeds = values.seeds.split(',').map(Number);
if (seeds.some((s) => !Number.isInteger(s) || s < 0)) fail(`--seeds must be whole numbers ≥ 0 separated by commas, got "${values.seeds}".`);
const modes = values.modes.split(',') as CreditMode[];
for (const m of modes) if (!CREDIT_MODES.includes(m)) fail(`unknown credit mode "${m}"; use ${CREDIT_MODES.join(', ')}.`);
if (values.world !== 'classroom' && values.world !== 'tiny') fail(`--world must be classroom or tiny, got "${values.world}".`);
const evalLimit = values['eval-limit'] === undefined ? undefined : Number(values['eval-limit']);
if (evalLimit !== undefined && !(Number.isInteger(evalLimit) && evalLimit > 0)) fail(`--eval-limit must be a whole number > 0, got "${values['eval-limit']}".`);
const marks = [...new Set([...values['eval-at'].split(',').filter((x) => x.trim() !== '').map(Number), minutes])].sort((a, b) => a - b);
if (marks.some((m) => !(m > 0) || m > minutes)) fail(`--eval-at must be minutes > 0 and ≤ --minutes, separated by commas, got "${values['eval-at']}".`);
const lr = values.lr === undefined ? undefined : Number(values.lr);
if (lr !== undefined && !(lr > 0 && Number.isFinite(lr))) fail(`--lr must be a number > 0, got "${values.lr}".`);

interface Row {
  mode: CreditMode;
  seed: number;
  /** Training minutes at which `after` was measured (one row per --eval-at mark). */
  minutes: number;
  steps: number;
  questions: number;
  before: number;
  after: number;
  /** Accuracy per question type, after. */
  byType: Record<string, number>;
  trainMs: number;
  evalMs: number;
}

await initBackend('wasm');
await enableGradients();
const log = (m: string) => process.stderr.write(`${m}\n`);
log(`model: ${modelDir(parseModelArg(values.model))}; budget ${minutes} min per run (evaluated at ${marks.join(', ')} min); ${modes.length} modes × ${seeds.length} seeds`);
const rows: Row[] = [];
for (const mode of modes) {
  for (const seed of seeds) {
    // independent_agent "all" (the default): every agent trains on its own local reward, one per step in turn, the others frozen.
    const setup = buildSetup({ rl: { credit_mode: mode, ...(lr === undefined ? {} : { learning_rate: lr }) }, steps: 0, maxPromptTokens: Number(values['max-prompt-tokens']) }, { preset: 'classroom', seed, model: values.model, world: values.world });
    const model = await loadNodeModel(setup.model);
    const dataset = loadNodeDataset(setup.dataset);
    const session = new TrainingSession({ engine: model.engine, codec: model.codec, dataset, judge: nodeJudge(setup.judge, model, log), setup });
    const evalOpts = {
      split: 'val' as const,
      temperature: 0,
      maxTokens: setup.rl.max_completion_length,
      maxPromptTokens: setup.maxPromptTokens,
      limit: evalLimit,
      seed,
      batch: 4,
      onProgress: (done: number, total: number) => log(`  ${mode} seed ${seed}: evaluating ${done}/${total}`),
    };
    const evaluate = () => evaluateTeam(model.engine, model.codec, dataset, session.adapters, setup.prompts, evalOpts);
    const e0 = Date.now();
    const before = await evaluate();
    let evalMs = Date.now() - e0;
    let trainMs = 0;
    for (const mark of marks) {
      while (trainMs < mark * 60_000) {
        const t = Date.now();
        const out = await session.runStep();
        trainMs += Date.now() - t;
        log(`${mode} seed ${seed} step ${out.metrics.step}: train accuracy ${out.metrics.global.mean.toFixed(3)} (${(trainMs / 60_000).toFixed(1)} of ${minutes} min)`);
      }
      const e1 = Date.now();
      const after = await evaluate();
      evalMs += Date.now() - e1;
      const byType = Object.fromEntries(Object.entries(after.byType).map(([k, v]) => [k, v.accuracy]));
      rows.push({ mode, seed, minutes: mark, steps: session.step, questions: after.questions, before: before.accuracy, after: after.accuracy, byType, trainMs, evalMs });
      log(`${mode} seed ${seed} at ${mark} min: ${session.step} steps, val accuracy ${before.accuracy.toFixed(3)} → ${after.accuracy.toFixed(3)} on ${after.questions} questions`);
    }
    session.dispose();
    model.engine.dispose();
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const summary = marks.flatMap((mark) =>
  modes.map((mode) => {
    const r = rows.filter((x) => x.mode === mode && x.minutes === mark);
    const before = mean(r.map((x) => x.before));
    const after = mean(r.map((x) => x.after));
    return { mode, minutes: mark, seeds: r.map((x) => x.seed), steps: mean(r.map((x) => x.steps)), questions: r[0]?.questions ?? 0, before, after, points: 100 * (after - before) };
  }),
);
const result = { minutes, evalAt: marks, learningRate: lr ?? null, model: values.model, world: values.world, evalLimit: evalLimit ?? null, backend: 'wasm', rows, summary };
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'bench-train.json'), JSON.stringify(result, null, 2));
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  const table = [
    `| credit mode | training minutes | seeds | steps (mean) | val questions | val accuracy before | after | change (points) |`,
    `|---|---|---|---|---|---|---|---|`,
    ...summary.map((s) => `| ${s.mode} | ${s.minutes} | ${s.seeds.join(', ')} | ${s.steps.toFixed(1)} | ${s.questions} | ${pct(s.before)} | ${pct(s.after)} | ${s.points.toFixed(1)} |`),
  ].join('\n');
  process.stdout.write(`${table}\n`);
}

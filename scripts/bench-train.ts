// The issue-8 benchmark (not a timed test): held-out accuracy before and after classroom-preset training
// of the bundled model on a generated world (wasm), per credit mode and seed, under one wall-clock budget.
// Run: npm run bench:train -- [--minutes 30] [--seeds 1,2,3] [--modes adaptive,local,independent] [--model bundled:comam-tiny]

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSetup } from '../src/cli/commands/train';
import { loadNodeDataset, loadNodeModel, modelDir, nodeJudge, parseModelArg } from '../src/cli/nodeModel';
import { initBackend } from '../src/model/backend';
import { enableGradients } from '../src/model/gradients';
import type { CreditMode } from '../src/rl/config';
import { evaluateTeam } from '../src/rl/eval/evaluate';
import { TrainingSession } from '../src/rl/trainer/session';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    seeds: { type: 'string', default: '1,2,3' },
    modes: { type: 'string', default: 'adaptive,local,independent' },
    model: { type: 'string', default: 'bundled:comam-tiny' },
    world: { type: 'string', default: 'classroom' },
    'eval-limit': { type: 'string' },
    out: { type: 'string', default: 'bench-results' },
    'max-prompt-tokens': { type: 'string', default: '512' },
  },
});

const budgetMs = Number(values.minutes) * 60_000;
const seeds = values.seeds.split(',').map(Number);
const modes = values.modes.split(',') as CreditMode[];
const evalLimit = values['eval-limit'] === undefined ? undefined : Number(values['eval-limit']);

interface Row {
  mode: CreditMode;
  seed: number;
  steps: number;
  before: number;
  after: number;
}

await initBackend('wasm');
await enableGradients();
process.stderr.write(`model: ${modelDir(parseModelArg(values.model))}\n`);
const rows: Row[] = [];
for (const mode of modes) {
  for (const seed of seeds) {
    // "independent" trains one agent on its own local reward (the Retriever, nearest the answer); the others stay frozen.
    const setup = buildSetup({ rl: { credit_mode: mode, independent_agent: 'retriever' }, steps: 0, maxPromptTokens: Number(values['max-prompt-tokens']) }, { preset: 'classroom', seed, model: values.model, world: values.world as 'classroom' | 'tiny' });
    const model = await loadNodeModel(setup.model);
    const dataset = loadNodeDataset(setup.dataset);
    const session = new TrainingSession({ engine: model.engine, codec: model.codec, dataset, judge: nodeJudge(setup.judge, model, (m) => process.stderr.write(`${m}\n`)), setup });
    const evalOpts = { split: 'val' as const, temperature: 0, maxTokens: setup.rl.max_completion_length, maxPromptTokens: setup.maxPromptTokens, limit: evalLimit, seed, batch: 2 };
    const before = await evaluateTeam(model.engine, model.codec, dataset, session.adapters, setup.prompts, evalOpts);
    const start = Date.now();
    while (Date.now() - start < budgetMs) {
      const out = await session.runStep();
      process.stderr.write(`${mode} seed ${seed} step ${out.metrics.step}: train accuracy ${out.metrics.global.mean.toFixed(3)} (${((Date.now() - start) / 60_000).toFixed(1)} min)\n`);
    }
    const after = await evaluateTeam(model.engine, model.codec, dataset, session.adapters, setup.prompts, evalOpts);
    rows.push({ mode, seed, steps: session.step, before: before.accuracy, after: after.accuracy });
    session.dispose();
    model.engine.dispose();
  }
}

const pct = (x: number) => (100 * x).toFixed(1);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const table = [
  `| credit mode | seeds | steps (mean) | val accuracy before | after | change (points) |`,
  `|---|---|---|---|---|---|`,
  ...modes.map((m) => {
    const r = rows.filter((x) => x.mode === m);
    return `| ${m} | ${r.map((x) => x.seed).join(', ')} | ${mean(r.map((x) => x.steps)).toFixed(0)} | ${pct(mean(r.map((x) => x.before)))}% | ${pct(mean(r.map((x) => x.after)))}% | ${(100 * (mean(r.map((x) => x.after)) - mean(r.map((x) => x.before)))).toFixed(1)} |`;
  }),
].join('\n');
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'bench-train.json'), JSON.stringify({ minutes: Number(values.minutes), model: values.model, rows }, null, 2));
process.stdout.write(`${table}\n`);

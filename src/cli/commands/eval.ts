// `comam-lab eval`: held-out accuracy (overall and per question type) of a trained run's team, or of
// a no-training baseline (no-memory, truncated-history, rag) on the same world.

import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AGENTS } from '../../agents/registry';
import { AGENT_NAMES, perAgent } from '../../agents/names';
import { initNodeBackend } from '../../model/node-webgpu';
import { parseBackendPreference } from '../../model/backendInfo';
import { nodeFolderFiles } from '../../model/sources/nodeFolder';
import { BASELINES, type BaselineName } from '../../rl/eval/baselines';
import { evaluateBaseline, evaluateTeam, type EvalReport } from '../../rl/eval/evaluate';
import { templatesWithText } from '../../rl/rollout';
import { TrainerSetupError } from '../../rl/trainer/errors';
import type { Command } from '../io';
import { loadNodeDataset, loadNodeModel } from '../nodeModel';
import { FolderRunStore, RUN_FILES } from '../runFolder';
import { buildSetup } from './train';

function text(r: EvalReport): string {
  const rows = Object.entries(r.byType).map(([t, a]) => `  ${t.padEnd(44)} ${a.correct}/${a.questions}  ${(100 * a.accuracy).toFixed(1)}%`);
  return [`${r.system} on ${r.split}: ${r.correct}/${r.questions} = ${(100 * r.accuracy).toFixed(1)}% (format ok ${(100 * r.formatOk).toFixed(0)}%)`, ...rows].join('\n');
}

export const evalCommand: Command = {
  name: 'eval',
  summary: 'accuracy of a trained run or a baseline on the validation split, overall and per question type',
  usage: [
    'comam-lab eval --run DIR [--split val|train] [--json] [--limit N] [--backend B]',
    'comam-lab eval --baseline no-memory|truncated-history|rag [--model PATH|bundled:NAME] [--seed S] [--world tiny|classroom] [--split val] [--json]',
    'A run is evaluated on its own world with its adapters (DIR/adapters); a baseline uses the frozen base model.',
  ].join('\n'),
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        run: { type: 'string' },
        baseline: { type: 'string' },
        split: { type: 'string', default: 'val' },
        json: { type: 'boolean', default: false },
        limit: { type: 'string' },
        backend: { type: 'string', default: 'wasm' },
        model: { type: 'string' },
        seed: { type: 'string' },
        world: { type: 'string' },
        temperature: { type: 'string', default: '0' },
      },
    });
    if ((values.run === undefined) === (values.baseline === undefined)) {
      io.err.write(`comam-lab eval: give exactly one of --run DIR or --baseline NAME.\nUsage: ${this.usage}\n`);
      return 2;
    }
    const split = values.split;
    if (split !== 'val' && split !== 'train') throw new TrainerSetupError(`--split must be val or train, got "${split}".`, { field: 'split' });
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    const temperature = Number(values.temperature);
    await initNodeBackend(parseBackendPreference(values.backend));
    let report: EvalReport;
    if (values.run !== undefined) {
      const run = new FolderRunStore(values.run).readRun();
      const setup = run.setup;
      const model = await loadNodeModel(setup.model);
      try {
        for (const n of AGENT_NAMES) await model.engine.loadAdapter(n, nodeFolderFiles(join(values.run, RUN_FILES.adapters, n)));
        report = await evaluateTeam(model.engine, model.codec, loadNodeDataset(setup.dataset), perAgent((n) => n), setup.prompts, {
          split,
          temperature,
          maxTokens: setup.rl.max_completion_length,
          maxPromptTokens: setup.maxPromptTokens,
          limit,
          seed: setup.seed,
        });
      } finally {
        model.engine.dispose();
      }
    } else {
      const name = values.baseline as BaselineName;
      if (!BASELINES.includes(name)) throw new TrainerSetupError(`Unknown baseline "${values.baseline}"; use ${BASELINES.join(', ')}.`, { field: 'baseline' });
      const setup = buildSetup({}, { seed: values.seed === undefined ? undefined : Number(values.seed), model: values.model, world: values.world as 'tiny' | 'classroom' | undefined });
      const model = await loadNodeModel(setup.model);
      try {
        const template = templatesWithText(perAgent((n) => AGENTS[n].prompt), setup.prompts).retriever;
        report = await evaluateBaseline(model.engine, model.codec, loadNodeDataset(setup.dataset), name, template, {
          split,
          temperature,
          maxTokens: setup.rl.max_completion_length,
          limit,
          seed: setup.seed,
        });
      } finally {
        model.engine.dispose();
      }
    }
    io.out.write(values.json ? `${JSON.stringify(report)}\n` : `${text(report)}\n`);
    return 0;
  },
};

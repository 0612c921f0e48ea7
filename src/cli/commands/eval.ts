// `comam-lab eval`: held-out accuracy (overall and per question type) and the evidence recall of the
// memory the Retriever reads, for a trained run's team, the untrained team, or a no-training baseline
// (no-memory, truncated-history, rag), on the evidence session or the full history.

import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultTemplates } from '../../agents/registry';
import { AGENT_NAMES, perAgent } from '../../agents/names';
import { HISTORY_SCOPES, type HistoryScope } from '../../env/mdp';
import { nodeFileSource } from '../../env/nodeSource';
import { importPersonaMemV1 } from '../../env/personamemV1';
import type { Dataset } from '../../env/types';
import { initNodeBackend } from '../../model/node-webgpu';
import { parseBackendPreference } from '../../model/backendInfo';
import { nodeFolderFiles } from '../../model/sources/nodeFolder';
import type { RunSetup } from '../../run/runSetup';
import { chunkSettings } from '../../rl/chunkedExtraction';
import { resolveConfig } from '../../rl/config';
import { defaultHistoryScope } from '../../rl/syntheticWorld';
import { BASELINES, type BaselineName } from '../../rl/eval/baselines';
import { evaluateBaseline, evaluateTeam, type EvalOptions, type EvalReport } from '../../rl/eval/evaluate';
import { templatesWithText } from '../../rl/rollout';
import { TrainerSetupError } from '../../rl/trainerErrors';
import type { Command, CliIo } from '../io';
import { loadNodeDataset, loadNodeModel } from '../nodeModel';
import { FolderRunStore, RUN_FILES } from '../runFolder';
import { parseRunPreset, parseRunWorld } from '../../run/setup';
import { buildSetup } from '../../run/runConfig';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function text(r: EvalReport): string {
  const rows = Object.entries(r.byType).map(([t, a]) => `  ${t.padEnd(44)} ${a.correct}/${a.questions}  ${pct(a.accuracy)}`);
  const recall = r.evidenceRecall === null || r.evidenceRecall === undefined ? 'n/a (no gold evidence)' : `${pct(r.evidenceRecall)} over ${r.evidenceQuestions} questions`;
  const calls = r.extractorCalls === undefined ? '' : `, ${r.extractorCalls.toFixed(1)} Extractor calls per question`;
  return [
    `${r.system} on ${r.split}, ${r.history ?? 'full'} history: ${r.correct}/${r.questions} = ${pct(r.accuracy)} (format ok ${(100 * r.formatOk).toFixed(0)}%)`,
    `evidence recall of the memory read: ${recall}${calls}`,
    ...rows,
  ].join('\n');
}

function whole(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new TrainerSetupError(`--${name} must be a whole number ≥ ${min}, got "${v}".`, { field: name });
  return n;
}

/** The --chunk-tokens / --memory-tokens flags over a setup's rl ("off" turns chunking off). */
function withChunking(setup: RunSetup, chunk: string | undefined, memory: string | undefined): RunSetup {
  if (chunk === undefined && memory === undefined) return setup;
  const rl = { ...setup.rl };
  if (chunk === 'off') rl.chunk_tokens = null;
  else if (chunk !== undefined) rl.chunk_tokens = whole('chunk-tokens', chunk, 1) ?? null;
  if (memory !== undefined) rl.memory_tokens = whole('memory-tokens', memory, 1) ?? rl.memory_tokens;
  return { ...setup, rl: resolveConfig(rl) };
}

/** A PersonaMem v1 questions CSV and contexts JSONL, imported as the lab imports them (invalid rows reported, skipped). */
async function importedDataset(questions: string, contexts: string, io: CliIo): Promise<Dataset> {
  const skipped: string[] = [];
  const { dataset } = await importPersonaMemV1(
    { questions: nodeFileSource(questions), contexts: nodeFileSource(contexts) },
    { onRowError: (e) => skipped.push(`${e.name}: ${e.message}`) },
  );
  if (skipped.length > 0) io.err.write(`${skipped.length} invalid row(s) skipped, e.g. ${skipped[0]}\n`);
  return dataset;
}

export const evalCommand: Command = {
  name: 'eval',
  summary: 'accuracy and evidence recall of a trained run, the untrained team or a baseline, on the evidence session or the full history',
  usage: [
    'comam-lab eval --run DIR [--split val|train] [--history evidence|full] [--chunk-tokens N|off] [--memory-tokens N] [--json] [--limit N] [--backend B]',
    'comam-lab eval (--untrained | --baseline no-memory|truncated-history|rag) [--model PATH|bundled:NAME] [--precision f32|int8|int4] [--seed S] [--world lesson|tiny|classroom|paper]',
    '               [--preset classroom|lesson|paper] [--questions FILE.csv --contexts FILE.jsonl] [--history evidence|full] [--chunk-tokens N|off] [--memory-tokens N]',
    '               [--max-completion-length N] [--split val] [--ids ID,ID…] [--json]',
    'A run is evaluated on its own world with its adapters (DIR/adapters), on the base at the precision it was trained on; the untrained team and a baseline use the frozen base model at --precision (default f32) on --world (default lesson, with its model).',
    '--history: the evidence session (the paper trains on it; the default on the lesson world) or every turn before the question (the default elsewhere, the paper\'s evaluation).',
    '--chunk-tokens N: the Extractor reads all of H in chunks of N tokens, carrying a memory of --memory-tokens (default: the run\'s rl.chunk_tokens).',
    '--questions/--contexts: a PersonaMem v1 pair instead of a generated world. --ids: these questions instead of the split.',
  ].join('\n'),
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        run: { type: 'string' },
        baseline: { type: 'string' },
        untrained: { type: 'boolean', default: false },
        split: { type: 'string', default: 'val' },
        history: { type: 'string' },
        'chunk-tokens': { type: 'string' },
        'memory-tokens': { type: 'string' },
        json: { type: 'boolean', default: false },
        limit: { type: 'string' },
        backend: { type: 'string', default: 'wasm' },
        model: { type: 'string' },
        precision: { type: 'string' },
        seed: { type: 'string' },
        world: { type: 'string' },
        preset: { type: 'string' },
        questions: { type: 'string' },
        contexts: { type: 'string' },
        temperature: { type: 'string', default: '0' },
        'max-completion-length': { type: 'string' },
        ids: { type: 'string' },
      },
    });
    const targets = [values.run !== undefined, values.baseline !== undefined, values.untrained].filter(Boolean).length;
    if (targets !== 1) {
      io.err.write(`comam-lab eval: give exactly one of --run DIR, --untrained or --baseline NAME.\nUsage: ${this.usage}\n`);
      return 2;
    }
    if ((values.questions === undefined) !== (values.contexts === undefined)) {
      io.err.write(`comam-lab eval: --questions and --contexts go together (a PersonaMem v1 questions CSV and its contexts JSONL).\n`);
      return 2;
    }
    const split = values.split;
    if (split !== 'val' && split !== 'train') throw new TrainerSetupError(`--split must be val or train, got "${split}".`, { field: 'split' });
    if (values.history !== undefined && !(HISTORY_SCOPES as readonly string[]).includes(values.history)) {
      throw new TrainerSetupError(`--history must be ${HISTORY_SCOPES.join(' or ')}, got "${values.history}".`, { field: 'history' });
    }
    const world = parseRunWorld(values.world);
    const preset = parseRunPreset(values.preset);
    const limit = whole('limit', values.limit, 1);
    const temperature = Number(values.temperature);
    await initNodeBackend(parseBackendPreference(values.backend));

    const stored = values.run === undefined ? undefined : new FolderRunStore(values.run).readRun().setup;
    if (stored && values.precision !== undefined && values.precision !== stored.precision) {
      throw new TrainerSetupError(`The run in ${values.run} was trained on a ${stored.precision} base, and is evaluated on it; drop --precision ${values.precision} (it is for --untrained and --baseline).`, { field: 'precision' });
    }
    const base =
      stored ??
      buildSetup({}, { seed: whole('seed', values.seed, 0), model: values.model, precision: values.precision, world, preset });
    const chunked = withChunking(base, values['chunk-tokens'], values['memory-tokens']);
    // Fewer new tokens per agent leave a long question's Retriever prompt more of the model's positions.
    const most = whole('max-completion-length', values['max-completion-length'], 1);
    const setup = most === undefined ? chunked : { ...chunked, rl: resolveConfig({ ...chunked.rl, max_completion_length: most }) };
    const history = (values.history as HistoryScope | undefined) ?? (values.questions !== undefined ? 'full' : defaultHistoryScope(setup.dataset));
    const dataset = values.questions !== undefined && values.contexts !== undefined ? await importedDataset(values.questions, values.contexts, io) : loadNodeDataset(setup.dataset);
    let said = 0;
    const o: EvalOptions = {
      split,
      temperature,
      maxTokens: setup.rl.max_completion_length,
      maxPromptTokens: setup.maxPromptTokens,
      limit,
      ...(values.ids !== undefined ? { ids: values.ids.split(',').map((id) => id.trim()).filter((id) => id !== '') } : {}),
      answerFormat: setup.rl.answer_format,
      history,
      chunks: chunkSettings(setup.rl),
      matchThreshold: setup.rl.match_threshold,
      seed: setup.seed,
      onProgress: (done, total) => io.err.write(`  evaluated ${done} of ${total} questions\n`),
      // A chunked Extractor makes hundreds of calls per batch on a long history: say where it is, every few seconds.
      onStage: (label) => {
        const now = Date.now();
        if (now - said < 3000) return;
        said = now;
        io.err.write(`  ${label}\n`);
      },
    };
    // At the precision the run was trained on (a stored run's setup), or the setup's for the untrained team and baselines.
    const model = await loadNodeModel(setup.model, undefined, setup.precision);
    let report: EvalReport;
    try {
      if (values.run !== undefined) {
        for (const n of AGENT_NAMES) await model.engine.loadAdapter(n, nodeFolderFiles(join(values.run, RUN_FILES.adapters, n)));
        report = await evaluateTeam(model.engine, model.codec, dataset, perAgent((n) => n), setup.prompts, o);
      } else if (values.untrained) {
        report = await evaluateTeam(model.engine, model.codec, dataset, perAgent(() => null), setup.prompts, o);
      } else {
        const name = values.baseline as BaselineName;
        if (!BASELINES.includes(name)) throw new TrainerSetupError(`Unknown baseline "${values.baseline}"; use ${BASELINES.join(', ')}.`, { field: 'baseline' });
        const template = templatesWithText(defaultTemplates(setup.rl.answer_format), setup.prompts).retriever;
        report = await evaluateBaseline(model.engine, model.codec, dataset, name, template, o);
      }
    } finally {
      model.engine.dispose();
    }
    io.out.write(values.json ? `${JSON.stringify(report)}\n` : `${text(report)}\n`);
    return 0;
  },
};

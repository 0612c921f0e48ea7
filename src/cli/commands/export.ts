// `comam-lab export` and `comam-lab import`: a run folder's adapters as a PEFT zip (model card and
// run config included), and a zip or folder of adapters checked against a base and written as PEFT folders.

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { AGENT_NAMES, isAgentName, type AgentName, type PerAgent } from '../../agents/names';
import { readBackup } from '../../export/backup';
import { ADAPTER_CONFIG, adapterArchiveFiles, configuredBase, MODEL_CARD, readAdapterArchive, runBaseModel, zipFiles, type StoredAdapter } from '../../export/adapterArchive';
import { sameBase } from '../../export/adapterFit';
import { unzipBounded, ZIP_LIMITS, type BoundedZip } from '../../export/boundedUnzip';
import { checkArchive } from '../../export/importAdapters';
import { AdapterArchiveError, ExportInputError } from '../../export/errors';
import { RUN_CONFIG_FILE } from '../../export/runConfig';
import { parseModelConfig } from '../../model/config';
import type { StepMetrics } from '../../run/records';
import type { RunRecord } from '../../run/runStore';
import type { AdapterRow, MetricsRow } from '../../homes/storage/db';
import { formatBytes } from '../../model/memoryEstimate';
import { RunExistsError } from '../errors';
import type { CliIo, Command } from '../io';
import { modelDir, parseModelArg } from '../nodeModel';
import { readTree } from '../readTree';
import { FolderRunStore, RUN_FILES } from '../runFolder';

/** `--agent a --agent b` or `--agent a,b`; none = all three. */
export function parseAgents(values: readonly string[] | undefined): AgentName[] {
  const names = (values ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  for (const n of names) if (!isAgentName(n)) throw new ExportInputError(`--agent "${n}" is not an agent; use ${AGENT_NAMES.join(', ')}.`, { field: 'agent' });
  return names.length === 0 ? [...AGENT_NAMES] : AGENT_NAMES.filter((a) => names.includes(a));
}

function lastMetrics(dir: string): StepMetrics | undefined {
  const p = join(dir, RUN_FILES.metrics);
  if (!existsSync(p)) return undefined;
  const last = readFileSync(p, 'utf8').split('\n').filter((l) => l !== '').at(-1);
  return last === undefined ? undefined : (JSON.parse(last) as StepMetrics);
}

/** A folder's files, or a zip's entries within the size bounds; entries not read are named on stderr. */
function readSource(source: string, io: CliIo): BoundedZip['files'] {
  let read: BoundedZip;
  if (statSync(source).isDirectory()) read = readTree(source);
  else {
    const size = statSync(source).size;
    if (size > ZIP_LIMITS.maxTotalBytes) throw new AdapterArchiveError(`${source} is ${formatBytes(size)}, over the limit of ${formatBytes(ZIP_LIMITS.maxTotalBytes)} for an adapter archive. Check that this is the right file.`, { file: source });
    read = unzipBounded(new Uint8Array(readFileSync(source)), basename(source));
  }
  for (const s of read.skipped) io.err.write(`skipped "${s.path}": ${s.reason}\n`);
  return read.files;
}

/**
 * Import writes only where it cannot destroy a run: not into a train run's folder (its adapters belong to
 * its checkpoints), nor over adapters of another base. RunExistsError names what is there.
 */
function checkImportTarget(out: string, base: string): void {
  const store = new FolderRunStore(out);
  store.checkFolder();
  if (existsSync(join(out, RUN_FILES.run))) {
    const run = store.readRun();
    const runBase = runBaseModel(run);
    const other = sameBase(runBase, base) ? '' : `, not ${base}`;
    throw new RunExistsError(`${out} holds train run ${run.id} on base ${runBase}${other}; importing there would replace its trained adapters. Choose a new folder for --out.`, { file: out, runId: run.id });
  }
  for (const agent of AGENT_NAMES) {
    const cfg = join(out, RUN_FILES.adapters, agent, ADAPTER_CONFIG);
    const held = existsSync(cfg) ? configuredBase({ [ADAPTER_CONFIG]: new Uint8Array(readFileSync(cfg)) }) : undefined;
    if (held !== undefined && !sameBase(held, base)) {
      throw new RunExistsError(`${join(out, RUN_FILES.adapters, agent)} holds an adapter of ${held}; importing adapters of ${base} there would mix two bases. Choose a new folder for --out.`, { file: cfg });
    }
  }
}

export const exportCommand: Command = {
  name: 'export',
  summary: "a run's LoRA adapters (train folder or browser backup) as a zip of PEFT folders with a model card and the run config",
  usage: [
    'comam-lab export (--run DIR | --backup FILE --id RUN) --out FILE.zip [--agent extractor|profiler|retriever ...]',
    'DIR is the --out folder of `comam-lab train`; its adapters/{agent}/ (the last checkpoint) go into the zip',
    'as {agent}/adapter_config.json + {agent}/adapter_model.safetensors, with README.md and run_config.json.',
    'FILE is a backup saved by the lab\'s Storage panel ("Export all runs"); RUN is one of its run ids.',
  ].join('\n'),
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { run: { type: 'string' }, backup: { type: 'string' }, id: { type: 'string' }, out: { type: 'string' }, agent: { type: 'string', multiple: true } } });
    const fromBackup = values.backup !== undefined;
    if ((values.run === undefined) === !fromBackup || values.out === undefined || (fromBackup && values.id === undefined)) {
      io.err.write(`comam-lab export: give --run DIR (or --backup FILE --id RUN) and --out FILE.zip.\nUsage: ${this.usage}\n`);
      return 2;
    }
    const agents = parseAgents(values.agent);
    const { run, adapters, last } = fromBackup ? await fromBackupFile(values.backup ?? '', values.id ?? '', agents) : fromRunFolder(values.run ?? '', agents);
    const zip = zipFiles(adapterArchiveFiles({ run, adapters, agents, last }));
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, zip);
    io.out.write(`wrote ${values.out} (${agents.join(', ')} of run ${run.id}, step ${Math.max(0, ...Object.values(adapters).map((a) => a.step))}, ${zip.byteLength} bytes)\n`);
    return 0;
  },
};

interface RunAdapters {
  run: RunRecord;
  adapters: Partial<PerAgent<StoredAdapter>>;
  last: StepMetrics | undefined;
}

function fromRunFolder(dir: string, agents: readonly AgentName[]): RunAdapters {
  const run = new FolderRunStore(dir).readRun();
  const adapters: Partial<PerAgent<StoredAdapter>> = {};
  for (const agent of agents) {
    const folder = join(dir, RUN_FILES.adapters, agent);
    if (existsSync(folder)) adapters[agent] = { step: run.checkpointStep, files: readTree(folder).files };
  }
  return { run, adapters, last: lastMetrics(dir) };
}

/** A run of a backup file saved by the lab's Storage panel ("Export all runs"). */
async function fromBackupFile(file: string, runId: string, agents: readonly AgentName[]): Promise<RunAdapters> {
  const { rows } = await readBackup(new Uint8Array(readFileSync(file)), basename(file));
  const run = rows.runs.find((r) => r.id === runId) as RunRecord | undefined;
  if (!run) throw new ExportInputError(`${file} holds no run "${runId}"; it holds ${rows.runs.map((r) => String(r.id)).join(', ') || 'no runs'}.`, { runId });
  const adapters: Partial<PerAgent<StoredAdapter>> = {};
  for (const row of rows.adapters as unknown as AdapterRow[]) {
    if (row.runId === runId && isAgentName(row.agent) && agents.includes(row.agent)) adapters[row.agent] = { step: row.step, files: row.files };
  }
  const metrics = (rows.metrics as unknown as MetricsRow[]).filter((m) => m.runId === runId).sort((a, b) => a.step - b.step);
  return { run, adapters, last: metrics.at(-1) };
}

export const importCommand: Command = {
  name: 'import',
  summary: 'check adapters (zip or folder) against a base model and write them as PEFT folders for --adapter',
  usage: [
    'comam-lab import FILE.zip|DIR --model PATH|bundled:NAME --out DIR [--agent A] [--r N --targets q_proj,v_proj]',
    'Refused with a named error when the base model, rank, target modules or a tensor shape do not fit.',
    'Writes DIR/adapters/{agent}/ (use with `model generate --adapter DIR/adapters/AGENT`), plus the model card',
    'and run config when the archive has them. --agent names the agent of a single adapter at the top level.',
  ].join('\n'),
  run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { model: { type: 'string' }, out: { type: 'string' }, agent: { type: 'string' }, r: { type: 'string' }, targets: { type: 'string' } },
    });
    const source = positionals[0];
    if (source === undefined || values.model === undefined || values.out === undefined || positionals.length > 1) {
      io.err.write(`comam-lab import: give one FILE.zip or DIR, --model and --out.\nUsage: ${this.usage}\n`);
      return Promise.resolve(2);
    }
    if (!existsSync(source)) throw new ExportInputError(`${source} does not exist; give an adapter zip or folder.`, { file: source });
    if ((values.r === undefined) !== (values.targets === undefined)) throw new ExportInputError('Give --r and --targets together (the LoRA the adapters must have), or neither.', { field: 'r' });
    const single = values.agent === undefined ? undefined : parseAgents([values.agent])[0];
    const archive = readAdapterArchive(readSource(source, io), basename(source), single);
    const ref = parseModelArg(values.model);
    const mdir = modelDir(ref);
    const config = parseModelConfig(JSON.parse(readFileSync(join(mdir, 'config.json'), 'utf8')));
    const name = ref.kind === 'bundled' ? ref.name : basename(mdir);
    const expect = values.r === undefined ? undefined : { r: Number(values.r), targets: (values.targets ?? '').split(',') };
    const { agents, spec } = checkArchive(archive, { name, config }, expect);
    checkImportTarget(values.out, name);
    for (const agent of agents) {
      const out = join(values.out, RUN_FILES.adapters, agent);
      mkdirSync(out, { recursive: true });
      for (const [file, bytes] of Object.entries(archive.adapters[agent] ?? {})) writeFileSync(join(out, file), bytes);
    }
    if (archive.card !== undefined) writeFileSync(join(values.out, MODEL_CARD), archive.card);
    if (archive.runConfig) writeFileSync(join(values.out, RUN_CONFIG_FILE), `${JSON.stringify(archive.runConfig, null, 2)}\n`);
    io.out.write(`imported ${agents.join(', ')} onto ${name} (r ${spec.r}, lora_alpha ${spec.alpha}, targets ${spec.targets.join(', ')}) into ${join(values.out, RUN_FILES.adapters)}\n`);
    return Promise.resolve(0);
  },
};

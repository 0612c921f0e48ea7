// `npm run bench [-- --json] [-- --backend B]`: the engine's figures on one backend, for the bundled
// model (or the fixture tiny model when none is bundled) and a random SmolLM2-135M-shaped model.
// Run with `node --import ./bin/register-loaders.mjs scripts/bench.ts` (that is what npm run bench does).

import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend, parseBackendPreference } from '../src/model/backend';
import { SMOLLM2_135M, randomMemoryModel } from '../src/model/bench/smolConfig';
import { activationBytesPerSequence, matmulFlops, measureGrpo, microBatchFor, measureLoad, measureSpeed, randomIds, type GrpoFigures, type LoadFigures, type SpeedFigures } from '../src/model/bench/measure';
import { agreementReport, type AgreementReport } from '../src/model/bench/agreement';
import { Engine } from '../src/model/engine';
import { loadTokenizer } from '../src/model/tokenizer';
import { validationSequences } from '../src/labmodel/validation';
import type { ModelFiles } from '../src/model/files';
import { installNodeWebGpu } from '../src/model/node-webgpu';
import type { Precision } from '../src/model/quant/pack';
import { Rng } from '../src/model/rng';
import { nodeFolderFiles } from '../src/model/sources/nodeFolder';

interface ModelReport {
  name: string;
  note: string;
  params: number;
  loads: LoadFigures[];
  speed: SpeedFigures;
  /** Absent when the step failed (see grpoError). */
  grpo?: GrpoFigures;
  grpoError?: string;
  /** grpo.modelFlops / (grpo.stepMs · matmul FLOP/s) */
  utilisation?: number;
}

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, backend: { type: 'string', default: 'wasm' } }, strict: true });
const log = (line: string) => {
  if (!values.json) process.stdout.write(`${line}\n`);
  else process.stderr.write(`${line}\n`);
};

const preference = parseBackendPreference(values.backend);
if (preference === 'webgpu' || preference === 'auto') await installNodeWebGpu();
const backend = await initBackend(preference);
log(`backend ${backend.backend}; ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);

const MATMUL_N = 1024;
const flops = await matmulFlops(MATMUL_N, 3);
log(`large matmul ${MATMUL_N}³: ${(flops / 1e9).toFixed(2)} GFLOP/s`);

/**
 * Tape memory one GRPO pass may take beside the weights: tfjs-wasm addresses about 2 GiB in practice
 * (past it, "memory access out of bounds"), so a sequence whose tape passes this runs with recomputed
 * layers, and a batch that still passes it runs in micro-batches with summed gradients.
 */
const GRPO_ACTIVATION_BUDGET = 1.5 * 2 ** 30;

const PRECISIONS: Precision[] = ['f32', 'int8', 'int4'];

async function benchModel(name: string, note: string, files: ModelFiles, opts: { evalIds: (v: number) => number[][]; quantDecode: { batch: number; prompt: number; steps: number } }): Promise<ModelReport> {
  const rng = new Rng(7);
  log(`\n== ${name} (${note})`);
  const loads: LoadFigures[] = [];
  let reference: number[] | undefined;
  let evalIds: number[][] = [];
  for (const precision of PRECISIONS) {
    const probe = loads.length === 0 ? await Engine.load(files) : undefined;
    if (probe) {
      evalIds = opts.evalIds(probe.config.vocabSize);
      probe.dispose();
    }
    const q = opts.quantDecode;
    const { figures, argmax } = await measureLoad(files, precision, {
      evalIds,
      reference,
      decodePrompts: randomIds(rng, q.batch, q.prompt, 1 + Math.max(...evalIds.flat())),
      decodeSteps: q.steps,
    });
    reference ??= argmax;
    loads.push(figures);
    log(
      `  ${precision}: load ${figures.loadMs.toFixed(0)} ms, weights ${(figures.weightBytes / 2 ** 20).toFixed(2)} MiB = ${(100 * figures.ratio).toFixed(1)}% of f32, ` +
        `top-1 agreement ${(100 * figures.top1Agreement).toFixed(1)}% (${evalIds.flat().length} positions), decode ${figures.decodeTokensPerS?.toFixed(1)} tok/s (batch ${q.batch})`,
    );
  }
  const engine = await Engine.load(files);
  const cfg = engine.config;
  const params = cfg.vocabSize * cfg.hiddenSize * (cfg.tieWordEmbeddings ? 1 : 2) + cfg.numLayers * (cfg.hiddenSize * (cfg.numHeads + 2 * cfg.numKvHeads) * cfg.headDim + cfg.numHeads * cfg.headDim * cfg.hiddenSize + 3 * cfg.hiddenSize * cfg.intermediateSize);
  const speed = await measureSpeed(engine, rng, 8, 256, 16);
  log(
    `  f32 prefill ${speed.prefillTokensPerS.toFixed(0)} tok/s (8×256), decode ${speed.decodeTokensPerS.toFixed(1)} tok/s (batch 8, ${speed.decodeStepMs.toFixed(1)} ms/step at 256), ` +
      `recompute-the-prefix ${speed.recomputeMs.toFixed(0)} ms → KV cache ${speed.kvSpeedup.toFixed(1)}× faster per token`,
  );
  let grpo: GrpoFigures | undefined;
  let grpoError: string | undefined;
  let utilisation: number | undefined;
  try {
    // A sequence whose whole tape would not fit runs with recomputed layers (checkpointing); a batch
    // that does not fit runs in micro-batches with summed gradients.
    const recompute = activationBytesPerSequence(engine.config, 256) > GRPO_ACTIVATION_BUDGET;
    const perSequence = activationBytesPerSequence(engine.config, 256, recompute);
    if (perSequence > GRPO_ACTIVATION_BUDGET) {
      // Running it would abort the wasm module (the heap past ~2 GiB is out of bounds): say so instead.
      throw new Error(`one 256-token sequence's gradient tape is about ${(perSequence / 2 ** 30).toFixed(2)} GiB even with recomputed layers, over the ${(GRPO_ACTIVATION_BUDGET / 2 ** 30).toFixed(1)} GiB a step may take beside the weights`);
    }
    const micro = microBatchFor(engine.config, 8, 256, GRPO_ACTIVATION_BUDGET, recompute);
    grpo = await measureGrpo(engine, rng, 8, 256, 8, micro, recompute);
    utilisation = grpo.modelFlops / ((grpo.stepMs / 1000) * flops);
    log(
      `  GRPO step (8×256${grpo.microBatch < grpo.batch ? ` as ${grpo.batch / grpo.microBatch} micro-batches of ${grpo.microBatch}` : ''}${grpo.recomputeLayers ? ', layers recomputed in the backward' : ''}, LoRA r8 on all projections, f32 base): ${grpo.stepMs.toFixed(0)} ms, peak ${(grpo.peakBytes / 2 ** 20).toFixed(0)} MiB, ` +
        `${(grpo.modelFlops / 1e9).toFixed(1)} GFLOP → ${(100 * utilisation).toFixed(1)}% of the large-matmul rate`,
    );
  } catch (err) {
    grpoError = err instanceof Error ? err.message : String(err);
    log(`  GRPO step (8×256) failed: ${grpoError}`);
  }
  engine.dispose();
  return { name, note, params, loads, speed, grpo, grpoError, utilisation };
}

const models: ModelReport[] = [];
const bundled = join(process.cwd(), 'public', 'models', 'comam-tiny');
const fixture = join(process.cwd(), '..', 'shared', 'fixtures', 'models', 'tiny-llama-f32');
const useBundled = existsSync(join(bundled, 'config.json'));
const small = useBundled ? bundled : fixture;
const smallRef = useBundled ? undefined : (JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(fixture, 'reference.json'), 'utf8'))) as { input_ids: number[][] });
models.push(
  await benchModel(useBundled ? 'comam-tiny' : 'tiny-llama-f32', useBundled ? 'the bundled model' : 'fixture model standing in: public/models/comam-tiny is not in this checkout', nodeFolderFiles(small), {
    evalIds: (v) => smallRef?.input_ids ?? randomIds(new Rng(3), 4, 32, v),
    quantDecode: { batch: 8, prompt: 16, steps: 16 },
  }),
);
// Top-1 agreement where it is specified: the fixtures' reference inputs and the bundled model's
// validation sequences (held-out teacher demonstrations), with the margins that explain a shortfall.
const fixtureDir = (m: string) => join(process.cwd(), '..', 'shared', 'fixtures', 'models', m);
const agreementSets: { name: string; dir: string; sequences: () => Promise<number[][]> }[] = [
  ...['tiny-llama-f32', 'tiny-qwen2-bf16'].map((m) => ({
    name: `${m} (fixture reference inputs)`,
    dir: fixtureDir(m),
    sequences: async () => (JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(fixtureDir(m), 'reference.json'), 'utf8'))) as { input_ids: number[][] }).input_ids,
  })),
  ...(useBundled
    ? [{ name: 'comam-tiny (12 validation sequences, held-out world 900000)', dir: bundled, sequences: async () => validationSequences(await loadTokenizer(nodeFolderFiles(bundled)), 12, 512) }]
    : []),
];
const agreement: AgreementReport[] = [];
log('\n== top-1 agreement with float32');
for (const set of agreementSets) {
  if (!existsSync(join(set.dir, 'config.json'))) continue;
  const r = await agreementReport(set.name, nodeFolderFiles(set.dir), await set.sequences(), ['int8', 'int4']);
  agreement.push(r);
  const m = r.margins.margin;
  log(`  ${r.name}: ${r.margins.positions} positions, f32 top-1 margin p10 ${m.p10.toFixed(3)} / median ${m.median.toFixed(3)} / p90 ${m.p90.toFixed(3)}`);
  for (const p of r.precisions) {
    log(
      `    ${p.precision}: agreement ${(100 * p.top1Agreement).toFixed(1)}%, max |Δlogit| per position median ${p.logitError.median.toFixed(3)} / p90 ${p.logitError.p90.toFixed(3)} / max ${p.logitError.max.toFixed(3)}, ` +
        `margin < 2·error at ${(100 * p.atRisk).toFixed(1)}% of positions`,
    );
  }
}

models.push(
  await benchModel('SmolLM2-135M-shaped', 'published config, random weights generated in memory', randomMemoryModel(SMOLLM2_135M, 1), {
    evalIds: (v) => randomIds(new Rng(3), 2, 12, v),
    quantDecode: { batch: 8, prompt: 4, steps: 2 },
  }),
);

const report = {
  backend: backend.backend,
  machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? '', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  matmulFlopsPerS: flops,
  matmulSize: MATMUL_N,
  models,
  agreement,
};
if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);

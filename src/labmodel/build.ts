// The whole lab-model build: worlds → tokenizer → language modelling → warm start → HF files →
// held-out evaluation → model card → manifest. Deterministic for a given recipe on a given machine.

import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSafetensors } from '../model/safetensors';
import { nodeFolderFiles } from '../model/sources/nodeFolder';
import { loadTokenizer } from '../model/tokenizer';
import { tokenizerCodec } from '../rl/codec';
import { renderModelCard } from './card';
import { chatDocuments, copyDocuments, demonstrations, lineCopyDocuments, trainWorld } from './corpus';
import { evaluateLabModel, type LabEvaluation } from './evaluate';
import { applyInductionInit } from './inductionInit';
import { lmWindows, supervisedExample, tokenAtChar, type Emphasis, type TrainingExample } from './examples';
import { GradientPool, shareParams } from './gradPool';
import { writeManifest } from './manifest';
import { trainStage, type StageCheckpoint, type StageLog, type StageSettings } from './pretrain';
import { loadBuildCheckpoint, saveBuildCheckpoint } from './buildCheckpoint';
import type { Recipe } from './recipe';
import { ENDOFTEXT_ID, IM_END_ID, IM_START_ID, buildTokenizerFiles, jsonText } from './tokenizerFiles';
import { TinyLlama, hfConfig, initParams, paramShapes, toHostTensors } from './tinyLlama';

/** Where the Retriever's answer letter follows in its completion. */
const ANSWER_OPEN = '<final_answer>(';
const EVIDENCE_OPEN = '<information>\n- ';

/** The completion tokens of the Retriever's first evidence note ("- for sport, i switched …"), where it picks the line it copies, at `weight`. */
export function evidenceEmphasis(completion: string, ids: readonly number[], decode: (ids: readonly number[]) => string, weight: number): Emphasis | undefined {
  const at = completion.indexOf(EVIDENCE_OPEN);
  if (at < 0) return undefined;
  const from = at + EVIDENCE_OPEN.length;
  const to = completion.indexOf('\n', from);
  const first = tokenAtChar(ids, from, decode);
  const last = tokenAtChar(ids, (to < 0 ? completion.length : to) - 1, decode);
  return first === undefined || last === undefined ? undefined : { index: first, length: last - first + 1, weight };
}

export interface BuildReport {
  recipe: Recipe;
  parameters: number;
  lmExamples: number;
  sftExamples: Record<string, number>;
  stages: StageLog[];
  evaluation: LabEvaluation;
  /** Wall-clock seconds of the build (not written into any file, so files stay byte-identical). */
  seconds: number;
}

export interface BuildOptions {
  /** Written into the card as the measured build time of the committed files (not measured here). */
  recordedBuildTime?: string;
  log?: (line: string) => void;
  /**
   * Save the training state into `dir` every `every` steps and resume from it when the build starts
   * again (same recipe → the same bytes as a build that never stopped); removed once the files are written.
   */
  checkpoint?: { dir: string; every: number };
  /** Called after each checkpoint save (tests stop a build here, as a kill would). */
  onCheckpoint?: (stage: string, step: number) => void;
}

export async function buildLabModel(recipe: Recipe, outDir: string, opts: BuildOptions = {}): Promise<BuildReport> {
  const log = opts.log ?? (() => undefined);
  const start = performance.now();
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) rmSync(join(outDir, f), { recursive: true });

  const worlds = Array.from({ length: recipe.trainWorlds }, (_, i) => trainWorld(i, recipe.world));
  const docs = worlds.flatMap(chatDocuments);
  const demos = worlds.flatMap((w, i) => demonstrations(w, recipe.initSeed * 1000 + i, recipe.answerFormat, recipe.teachers));
  log(`data: ${worlds.length} worlds, ${docs.length} chat documents, ${demos.length} demonstrations`);

  const tokFiles = buildTokenizerFiles([...docs, ...demos.slice(0, 600).flatMap((d) => [d.prompt, d.completion])], recipe.model.vocabSize, recipe.model.maxPositions);
  for (const [name, body] of Object.entries(tokFiles)) writeFileSync(join(outDir, name), jsonText(body));
  const tokenizer = await loadTokenizer(nodeFolderFiles(outDir));
  const codec = tokenizerCodec(tokenizer);

  const stream: number[] = [];
  // Copy documents interleaved with the chats (after the tokenizer is trained: it stays the corpus's own).
  const copies = [...copyDocuments(docs, recipe.copyDocs ?? 0, recipe.initSeed + 17), ...lineCopyDocuments(docs, recipe.lineCopies ?? 0, recipe.initSeed + 19)];
  const lmDocs = copies.length === 0 ? docs : docs.flatMap((d, i) => [d, ...copies.slice(Math.floor((i * copies.length) / docs.length), Math.floor(((i + 1) * copies.length) / docs.length))]);
  for (const d of lmDocs) stream.push(ENDOFTEXT_ID, ...tokenizer.encode(d, { addSpecialTokens: false }));
  const lm = lmWindows(stream, recipe.lmWindow);
  const sft: TrainingExample[] = [];
  const sftCounts: Record<string, number> = { extractor: 0, profiler: 0, retriever: 0, skipped: 0 };
  let profilers = 0;
  let emphasized = 0;
  for (const d of demos) {
    if (d.agent === 'profiler' && profilers++ % recipe.profilerEvery !== 0) continue;
    const completionIds = tokenizer.encode(d.completion, { addSpecialTokens: false });
    const letterAt = d.agent === 'retriever' ? d.completion.lastIndexOf(ANSWER_OPEN) + ANSWER_OPEN.length : -1;
    const letter = letterAt >= ANSWER_OPEN.length ? tokenAtChar(completionIds, letterAt, (ids) => tokenizer.decode(ids)) : undefined;
    const evidence = d.agent === 'retriever' && recipe.evidenceWeight !== undefined ? evidenceEmphasis(d.completion, completionIds, (ids) => tokenizer.decode(ids), recipe.evidenceWeight) : undefined;
    const emphasis = evidence ?? (letter === undefined ? undefined : { index: letter, weight: recipe.answerWeight });
    const ex = supervisedExample(codec.encode(d.prompt), completionIds, IM_END_ID, recipe.maxSequence, recipe.promptWeight, emphasis);
    if (!ex) {
      sftCounts.skipped += 1;
      continue;
    }
    sft.push(ex);
    sftCounts[d.agent] += 1;
    if (emphasis) emphasized += 1;
  }
  const meanLen = sft.reduce((a, e) => a + e.ids.length, 0) / Math.max(1, sft.length);
  log(`tokens: LM stream ${stream.length} (${lm.length} windows), ${sft.length} supervised sequences (mean ${meanLen.toFixed(0)} tokens), skipped ${sftCounts.skipped}, ${recipe.evidenceWeight === undefined ? 'answer letter' : 'first evidence note'} emphasized in ${emphasized}`);

  const params = initParams(recipe.model, recipe.initSeed);
  if (recipe.inductionInit) applyInductionInit(params, recipe.model, recipe.initSeed + 23, recipe.inductionInit);
  const model = new TinyLlama(recipe.model, params);
  const cpOpts = opts.checkpoint;
  const resumed = cpOpts ? loadBuildCheckpoint(cpOpts.dir, recipe) : undefined;
  // The stages before the checkpoint's are skipped: their parameters are in it, and trainStage restores them.
  const stages: StageLog[] = resumed ? [...resumed.done] : [];
  if (resumed) log(`resuming from ${cpOpts?.dir}: stage ${resumed.cp.stage}, step ${resumed.cp.step}`);
  if (recipe.workers > 1) shareParams(params);
  const pool = recipe.workers > 1 ? new GradientPool(recipe.model, params, recipe.workers) : undefined;
  try {
    const plan: [StageSettings, TrainingExample[]][] = [
      [recipe.pretrain, lm],
      [recipe.warmStart, sft],
    ];
    for (const [index, [settings, examples]] of plan.entries()) {
      if (resumed && index < resumed.stageIndex) continue;
      const checkpointing = cpOpts && {
        every: cpOpts.every,
        from: resumed && index === resumed.stageIndex ? resumed.cp : undefined,
        save: (cp: StageCheckpoint) => {
          saveBuildCheckpoint(cpOpts.dir, recipe, { stageIndex: index, done: [...stages], cp });
          opts.onCheckpoint?.(cp.stage, cp.step);
        },
      };
      stages.push(await trainStage(model, examples, settings, log, pool, undefined, checkpointing));
    }
  } finally {
    await pool?.close();
  }

  const config = hfConfig(recipe.model, { bos: IM_START_ID, eos: IM_END_ID, pad: IM_END_ID });
  writeFileSync(join(outDir, 'config.json'), jsonText(config));
  writeFileSync(join(outDir, 'model.safetensors'), writeSafetensors(toHostTensors(params), { format: 'pt' }));

  const evaluation = await evaluateLabModel(outDir, recipe, log);
  const parameters = [...paramShapes(recipe.model).values()].reduce((a, s) => a + s.reduce((x, y) => x * y, 1), 0);
  const report: BuildReport = { recipe, parameters, lmExamples: lm.length, sftExamples: sftCounts, stages, evaluation, seconds: (performance.now() - start) / 1000 };
  writeFileSync(join(outDir, 'README.md'), renderModelCard(report, opts.recordedBuildTime));
  writeManifest(outDir);
  if (cpOpts) rmSync(cpOpts.dir, { recursive: true, force: true });
  return report;
}

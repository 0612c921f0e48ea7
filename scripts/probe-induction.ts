// `npm run probe:induction -- [--copies N] [--line-copies N] [--chats 0|1] [--induction 0|1] [--context OFFSET,GAIN,MATCH] [--theta T] [--layers L]
//   [--steps N] [--every K] [--lr X] [--batch B] [--window W] [--json]`
// Does the lab model learn to copy from its context, and how fast? Language-models the lesson worlds' chats
// (--chats 1) with copy documents interleaved (random words repeated, --copies; a session's user lines
// repeated, --line-copies), from the random init or with the copying circuit written in (--induction 1,
// src/labmodel/inductionInit.ts, which needs --theta 1000000), and prints every K steps the held-out loss on
// the repeated half of copy documents from unseen worlds (and, for chat lines, at the tokens one token of
// context cannot resolve, which --context's two- and three-token matching is for): near 0 = it copies; near ln(words) = it does not.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chatDocuments, copyDocuments, evalWorld, lineCopyDocuments, trainWorld } from '../src/labmodel/corpus';
import { lmWindows } from '../src/labmodel/examples';
import { GradientPool, shareParams } from '../src/labmodel/gradPool';
import { DEFAULT_INDUCTION_INIT, applyInductionInit } from '../src/labmodel/inductionInit';
import { ambiguousExample, copyLoss, repeatExample } from '../src/labmodel/inductionProbe';
import { trainStage } from '../src/labmodel/pretrain';
import { LESSON_RECIPE } from '../src/labmodel/recipe';
import { ENDOFTEXT_ID, buildTokenizerFiles, jsonText } from '../src/labmodel/tokenizerFiles';
import { TinyLlama, initParams, type TinyConfig } from '../src/labmodel/tinyLlama';
import { nodeFolderFiles } from '../src/model/sources/nodeFolder';
import { loadTokenizer } from '../src/model/tokenizer';

const { values } = parseArgs({
  options: {
    copies: { type: 'string', default: '4000' },
    'line-copies': { type: 'string', default: '0' },
    chats: { type: 'string', default: '1' },
    induction: { type: 'string', default: '0' },
    context: { type: 'string' },
    theta: { type: 'string', default: '10000' },
    layers: { type: 'string', default: String(LESSON_RECIPE.model.layers) },
    steps: { type: 'string', default: '400' },
    every: { type: 'string', default: '50' },
    lr: { type: 'string', default: String(LESSON_RECIPE.pretrain.adam.peakLr) },
    batch: { type: 'string', default: String(LESSON_RECIPE.pretrain.batchSize) },
    window: { type: 'string', default: String(LESSON_RECIPE.lmWindow) },
    json: { type: 'boolean', default: false },
  },
  strict: true,
});

function count(name: string, min = 0): number {
  const n = Number(values[name as keyof typeof values]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got ${values[name as keyof typeof values]}`);
  return n;
}
const theta = Number(values.theta);
if (!(theta > 0)) throw new Error(`--theta must be positive, got ${values.theta}`);
const lr = Number(values.lr);
if (!(lr > 0)) throw new Error(`--lr must be positive, got ${values.lr}`);
const induction = count('induction') === 1;
const cfg: TinyConfig = { ...LESSON_RECIPE.model, layers: count('layers', 2), ropeTheta: theta };

const chats = Array.from({ length: LESSON_RECIPE.trainWorlds }, (_, i) => trainWorld(i, 'lesson')).flatMap(chatDocuments);
const tokDir = mkdtempSync(join(tmpdir(), 'probe-induction-'));
for (const [name, body] of Object.entries(buildTokenizerFiles(chats, cfg.vocabSize, cfg.maxPositions))) writeFileSync(join(tokDir, name), jsonText(body));
const tokenizer = await loadTokenizer(nodeFolderFiles(tokDir));
const encode = (s: string) => tokenizer.encode(s, { addSpecialTokens: false });

const copies = [...copyDocuments(chats, count('copies'), LESSON_RECIPE.initSeed + 17), ...lineCopyDocuments(chats, count('line-copies'), LESSON_RECIPE.initSeed + 19)];
const lmChats = count('chats') === 1 ? chats : [];
const docs = lmChats.length === 0 ? copies : lmChats.flatMap((d, i) => [d, ...copies.slice(Math.floor((i * copies.length) / lmChats.length), Math.floor(((i + 1) * copies.length) / lmChats.length))]);
if (docs.length === 0) throw new Error('nothing to train on: --chats 0 with --copies 0 and --line-copies 0');
const stream: number[] = [];
for (const d of docs) stream.push(ENDOFTEXT_ID, ...encode(d));
const windows = lmWindows(stream, count('window', 16));

const heldChats = [0, 1].map((i) => evalWorld(i, 'lesson')).flatMap(chatDocuments);
const heldWords = copyDocuments(heldChats, 60, 4242).map((t) => repeatExample(t, encode));
const heldLines = lineCopyDocuments(heldChats, 60, 4343).map((t) => repeatExample(t, encode));
const heldAmbiguous = heldLines.flatMap((x) => ambiguousExample(x) ?? []);
const wordCount = new Set(heldChats.flatMap((t) => t.split(/\s+/)).filter((w) => /^[a-z][a-z'-]*[a-z]$/.test(w))).size;

const params = initParams(cfg, LESSON_RECIPE.initSeed);
const context = values.context === undefined ? undefined : (() => {
  const [offset, gain, match] = values.context.split(',').map(Number);
  if (![offset, gain, match].every((v) => Number.isFinite(v) && v >= 0)) throw new Error(`--context must be offset,gain,match (e.g. 2.5,0.6,0.6), got ${values.context}`);
  return { contextOffset: offset, contextGain: gain, contextMatch: match };
})();
if (induction) applyInductionInit(params, cfg, LESSON_RECIPE.initSeed + 23, { ...DEFAULT_INDUCTION_INIT, ...(context ? { context } : {}) });
const model = new TinyLlama(cfg, params);
shareParams(params);
const pool = new GradientPool(cfg, params, 2);
const steps = count('steps', 1);
const every = count('every', 1);
const rows: { step: number; words: number; lines: number; ambiguous: number; seconds: number }[] = [];
const start = performance.now();
const out = values.json ? process.stderr : process.stdout;
out.write(`${windows.length} LM windows (${stream.length} tokens); ${copies.length} copy documents; ${lmChats.length} chats; ${induction ? 'circuit written in' : 'random init'}, θ ${theta}, ${cfg.layers} layers\n`);
const report = (step: number) => {
  const row = { step, words: copyLoss(model, heldWords), lines: copyLoss(model, heldLines), ambiguous: copyLoss(model, heldAmbiguous), seconds: (performance.now() - start) / 1000 };
  rows.push(row);
  out.write(`step ${step}/${steps}: held-out repeat loss, random words ${row.words.toFixed(3)}, chat lines ${row.lines.toFixed(3)} (where one token is ambiguous ${row.ambiguous.toFixed(3)}) (not copying: ≈ ln ${wordCount} = ${Math.log(wordCount).toFixed(2)} for words), ${row.seconds.toFixed(0)} s\n`);
};
try {
  report(0);
  await trainStage(model, windows, { name: 'probe-induction', steps, batchSize: count('batch', 1), seed: LESSON_RECIPE.pretrain.seed, adam: { ...LESSON_RECIPE.pretrain.adam, peakLr: lr } }, undefined, pool, (done) => {
    if (done % every === 0 || done === steps) report(done);
  });
} finally {
  await pool.close();
}
if (values.json) process.stdout.write(`${JSON.stringify({ induction, context, theta, layers: cfg.layers, copies: count('copies'), lineCopies: count('line-copies'), chats: lmChats.length, steps, rows })}\n`);

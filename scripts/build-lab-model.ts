// `npm run build:lab-model`: trains the bundled lab model from scratch into public/models/comam-tiny/.
// Resumable from tmp/<name>-checkpoint/ (saved every 50 steps). Flags: --lesson (the lesson model,
// public/models/comam-lesson/; with --variant context, the lesson model whose copying circuit matches two and
// three tokens, --variant evidence, the same with the Retriever's first evidence note weighed more, --variant faithful,
// the same taught by teachers that keep every stated fact and list the best note first, --variant restated, the
// faithful recipe on restated lesson worlds, --variant varied, the restated one with the varied Profiler teacher,
// --variant sessions, the varied one on restated lesson worlds of 3, 4 and 5 sessions; see
// LESSON_VARIANTS), --quick (the shortened recipe, for
// determinism checks), --out <dir>, --recard (rewrite only the
// model card and manifest from the last build's tmp/<name>-report.json, once RECORDED_BUILD_TIMES holds
// that build's measured time: the card a rebuild writes then has the same bytes).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildLabModel, type BuildReport } from '../src/labmodel/build';
import { renderModelCard } from '../src/labmodel/card';
import { writeManifest } from '../src/labmodel/manifest';
import { FULL_RECIPE, LESSON_RECIPE, LESSON_VARIANTS, QUICK_RECIPE, RECORDED_BUILD_TIMES } from '../src/labmodel/recipe';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const lesson = args.includes('--lesson');
const variantAt = args.indexOf('--variant');
const variant = variantAt >= 0 ? args[variantAt + 1] : undefined;
if (variant !== undefined && (!lesson || !(variant in LESSON_VARIANTS))) throw new Error(`--variant is one of the lesson model's variants (${Object.keys(LESSON_VARIANTS).join(', ')}), with --lesson; got ${variant}`);
const full = variant !== undefined ? LESSON_VARIANTS[variant] : lesson ? LESSON_RECIPE : FULL_RECIPE;
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : quick ? join(tmpdir(), 'comam-tiny-quick') : `public/models/${full.name}`;
if (!out) throw new Error('--out needs a folder');

if (args.includes('--recard')) {
  const recipe = quick ? QUICK_RECIPE : full;
  const report = JSON.parse(readFileSync(join('tmp', `${recipe.name}-report.json`), 'utf8')) as BuildReport;
  if (JSON.stringify(report.recipe) !== JSON.stringify(recipe)) throw new Error(`tmp/${recipe.name}-report.json was built with another recipe; rebuild instead of recarding.`);
  writeFileSync(join(out, 'README.md'), renderModelCard(report, RECORDED_BUILD_TIMES[recipe.name]));
  writeManifest(out);
  console.log(`rewrote ${out}/README.md and manifest.json from tmp/${recipe.name}-report.json`);
  process.exit(0);
}

await tf.setBackend('cpu');
await tf.ready();
const recipe = quick ? QUICK_RECIPE : full;
// Resumable: the training state is saved every 50 steps into tmp/<name>-checkpoint/; run the same command
// again after a stop and it continues from there (the same bytes as a build that never stopped).
const report = await buildLabModel(recipe, out, {
  checkpoint: { dir: join('tmp', `${recipe.name}-checkpoint`), every: 50 },
  recordedBuildTime: RECORDED_BUILD_TIMES[recipe.name],
  log: (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
});
// The report (with the wall time, which no built file holds) for --recard after the time is recorded.
mkdirSync('tmp', { recursive: true });
writeFileSync(join('tmp', `${report.recipe.name}-report.json`), JSON.stringify(report, null, 1));
const e = report.evaluation;
console.log(
  `built ${out} in ${(report.seconds / 60).toFixed(1)} min: ${report.parameters} parameters; formatOk ${JSON.stringify(e.formatValidity)}; ` +
    `accuracy ${e.accuracy.correct}/${e.accuracy.n}, no memory ${e.noMemory.accuracy.correct}/${e.noMemory.accuracy.n}, teachers ${e.teacher.accuracy.correct}/${e.teacher.accuracy.n}`,
);

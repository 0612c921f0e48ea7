// `npm run probe:matching -- [--task match|word|copy|recall] [--order memory-first|question-first] [--queries Q] [--values V] [--steps N] [--every K] [--lr X] [--batch B]
//   [--hidden H] [--layers L] [--heads A] [--seed S] [--json]`
// Can the lab model's architecture learn, from scratch and within a given number of steps, the skill
// the Retriever's answer needs: pick the option whose word occurs in the memory? Trains on short synthetic
// episodes (src/labmodel/matchingProbe.ts, one supervised token each) and prints the held-out answer
// loss and four-way accuracy every K steps, against chance (ln 4 = 1.386, 25%). The `copy` task is the
// control: a fixed-offset copy the same model learns in about a hundred steps. `recall` is the lesson's
// format: the value of the asked key, written as text (--order puts the question first, --queries asks
// several keys per episode).

import { parseArgs } from 'node:util';
import { FULL_RECIPE } from '../src/labmodel/recipe';
import { PROBE_ORDERS, PROBE_TASKS, probeEpisodes, scoreProbe, type ProbeOrder, type ProbeTask, type ProbeVariant } from '../src/labmodel/matchingProbe';
import { trainStage } from '../src/labmodel/pretrain';
import { TinyLlama, initParams, type TinyConfig } from '../src/labmodel/tinyLlama';

const { values } = parseArgs({
  options: {
    task: { type: 'string', default: 'match' },
    order: { type: 'string', default: 'memory-first' },
    queries: { type: 'string', default: '1' },
    values: { type: 'string', default: '0' },
    steps: { type: 'string', default: '2000' },
    every: { type: 'string', default: '250' },
    lr: { type: 'string', default: String(FULL_RECIPE.warmStart.adam.peakLr) },
    batch: { type: 'string', default: '16' },
    hidden: { type: 'string', default: String(FULL_RECIPE.model.hidden) },
    layers: { type: 'string', default: String(FULL_RECIPE.model.layers) },
    heads: { type: 'string', default: String(FULL_RECIPE.model.heads) },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
  strict: true,
});

function positive(name: string, text: string | undefined, integer = true): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${text}`);
  return n;
}

const task = values.task as ProbeTask;
if (!PROBE_TASKS.includes(task)) throw new Error(`--task must be one of ${PROBE_TASKS.join(', ')}, got ${values.task}`);
const order = values.order as ProbeOrder;
if (!PROBE_ORDERS.includes(order)) throw new Error(`--order must be one of ${PROBE_ORDERS.join(', ')}, got ${values.order}`);
const valueWords = Number(values.values);
if (!Number.isInteger(valueWords) || valueWords < 0) throw new Error(`--values must be a whole number ≥ 0 (0 = every content id), got ${values.values}`);
const variant: ProbeVariant = { order, queries: positive('queries', values.queries), values: valueWords };
if (task !== 'recall' && (variant.order !== 'memory-first' || variant.queries !== 1 || variant.values !== 0)) throw new Error('--order, --queries and --values apply to --task recall only');
const steps = positive('steps', values.steps);
const every = positive('every', values.every);
const seed = positive('seed', values.seed);
const hidden = positive('hidden', values.hidden);
const heads = positive('heads', values.heads);
if (hidden % heads !== 0 || (hidden / heads) % 2 !== 0) throw new Error(`--hidden ${hidden} must split into --heads ${heads} heads of an even size`);
const cfg: TinyConfig = { ...FULL_RECIPE.model, hidden, intermediate: 3 * hidden, layers: positive('layers', values.layers), heads };

const train = probeEpisodes(task, cfg.vocabSize, 20_000, seed, variant);
const heldOut = probeEpisodes(task, cfg.vocabSize, 256, seed + 1_000_003, variant);
const model = new TinyLlama(cfg, initParams(cfg, FULL_RECIPE.initSeed));
// A finite held-out set is not uniform over the four answers: always giving its most common one scores this.
const prior = Math.max(...[0, 1, 2, 3].map((k) => heldOut.filter((e) => e.answer === k).length)) / heldOut.length;
const rows: { step: number; loss: number; accuracy: number; seconds: number }[] = [];
const start = performance.now();
const report = (step: number) => {
  const score = scoreProbe(model, heldOut);
  const row = { step, ...score, seconds: (performance.now() - start) / 1000 };
  rows.push(row);
  const line = `step ${step}/${steps}: held-out answer loss ${score.loss.toFixed(3)} (chance ${Math.log(4).toFixed(3)}), accuracy ${(100 * score.accuracy).toFixed(1)}% (chance 25%, always the most common answer ${(100 * prior).toFixed(1)}%), ${row.seconds.toFixed(0)} s`;
  (values.json ? process.stderr : process.stdout).write(`${line}\n`);
};

report(0);
await trainStage(
  model,
  train,
  { name: `probe-${task}`, steps, batchSize: positive('batch', values.batch), seed, adam: { ...FULL_RECIPE.warmStart.adam, peakLr: positive('lr', values.lr, false) } },
  undefined,
  undefined,
  (done) => {
    if (done % every === 0 || done === steps) report(done);
  },
);
if (values.json) process.stdout.write(`${JSON.stringify({ task, ...variant, model: cfg, steps, mostCommonAnswer: prior, rows })}\n`);

// Would a choice among the four options, scored by the policy's own log-likelihood, answer as well as the
// text format and always parse? (issue 19, target 1's lever "a categorical policy".) For every validation
// question the untrained team runs as in the text format; then the Retriever's own completion up to
// "<final_answer>" is continued by each option's text and "</final_answer>", and each continuation is scored
// by the sum of its token log-probs (the tokens the four options do not share). The choice policy is the
// softmax of those sums (temperature T applied to the logits, as at sampling): greedy takes the best, and
// the sampled accuracy is the policy's expected accuracy Σ π(i)·[i correct] (exact, no sampling noise).
// Beside it, the text format's answer on the same trajectories (mapped, or no choice). A probe, not a test.
// Run: npm run probe:choice -- [--seed 1] [--limit N] [--temperature 0.8] [--samples 4] [--score sum|mean] [--model bundled:comam-lesson]

import { parseArgs } from 'node:util';
import { defaultTemplates } from '../src/agents/registry';
import { buildSetup } from '../src/run/runConfig';
import { loadNodeDataset, loadNodeModel } from '../src/cli/nodeModel';
import { historyMode } from '../src/env/mdp';
import { initBackend } from '../src/model/backend';
import { Rng } from '../src/model/rng';
import { completionLogprobs, sampleTeam, templatesWithText, type TeamTrajectory } from '../src/rl/rollout';
import { defaultHistoryScope, presetWorldRef } from '../src/rl/syntheticWorld';
import { problemsOf } from '../src/rl/problem';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    model: { type: 'string' },
    limit: { type: 'string' },
    temperature: { type: 'string', default: '0.8' },
    samples: { type: 'string', default: '4' },
    score: { type: 'string', default: 'sum' },
  },
});
const fail = (m: string): never => {
  process.stderr.write(`probe:choice: ${m}\n`);
  process.exit(2);
};
const seed = Number(values.seed);
if (!Number.isInteger(seed) || seed < 0) fail(`--seed must be a whole number ≥ 0, got "${values.seed}".`);
const temperature = Number(values.temperature);
if (!(temperature > 0)) fail(`--temperature must be > 0, got "${values.temperature}".`);
const samples = Number(values.samples);
if (!Number.isInteger(samples) || samples < 1) fail(`--samples must be a whole number ≥ 1, got "${values.samples}".`);
if (values.score !== 'sum' && values.score !== 'mean') fail(`--score must be sum or mean, got "${values.score}".`);

await initBackend('wasm');
// The plain lesson (the page's default is restated; this probe measured the plain one).
const setup = buildSetup({ steps: 0, dataset: presetWorldRef('lesson', seed) }, { preset: 'classroom', seed, model: values.model, world: 'lesson' });
const model = await loadNodeModel(setup.model);
const dataset = loadNodeDataset(setup.dataset);
const problem = problemsOf(dataset);
const ids = dataset.split.val.slice(0, values.limit === undefined ? undefined : Number(values.limit));
const problems = ids.map((id) => problem(id, historyMode(defaultHistoryScope(setup.dataset))));
const templates = templatesWithText(defaultTemplates(setup.rl.answer_format), setup.prompts);
const rng = new Rng(seed);
const OPEN = '<final_answer>';

/** Per option: the summed log-prob (at `temp`) of the tokens in which the four continuations differ. */
async function optionScores(t: TeamTrajectory, options: readonly string[], temp: number): Promise<number[]> {
  const text = t.agents.retriever.text;
  const at = text.indexOf(OPEN);
  const prefix = at >= 0 ? text.slice(0, at + OPEN.length) : `${text.trimEnd()}\n${OPEN}`;
  const seqs = options.map((o) => model.codec.encodeText(`${prefix}${o}</final_answer>`));
  let common = 0;
  while (seqs.every((s) => s[common] !== undefined && s[common] === seqs[0][common])) common++;
  const rows = seqs.map((s) => ({ promptIds: [...t.agents.retriever.promptIds, ...s.slice(0, common)], completionIds: s.slice(common) }));
  const lps = await completionLogprobs(model.engine, rows, temp);
  // sum: the sequence's log-likelihood (a proper distribution over the four continuations); mean: per token,
  // so a longer option is not penalised for its length.
  return lps.map((lp) => lp.reduce((a, x) => a + x, 0) / (values.score === 'mean' ? Math.max(1, lp.length) : 1));
}

const softmax = (xs: number[]) => {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const z = e.reduce((a, x) => a + x, 0);
  return e.map((x) => x / z);
};

interface Tally {
  n: number;
  choiceRight: number;
  textRight: number;
  textMapped: number;
}
const tally = (): Tally => ({ n: 0, choiceRight: 0, textRight: 0, textMapped: 0 });
const greedy = tally();
const sampled = tally();
const byType: Record<string, { greedy: Tally; sampled: Tally }> = {};
const add = (x: Tally, choiceRight: number, t: TeamTrajectory, correct: number) => {
  x.n++;
  x.choiceRight += choiceRight;
  const c = t.parsed.retriever.choice;
  if (c !== null) x.textMapped++;
  if (c === correct) x.textRight++;
};

for (let i = 0; i < problems.length; i += 4) {
  const part = problems.slice(i, i + 4);
  const items = part.map((p) => ({ history: p.history, question: p.question }));
  const base = { maxTokens: setup.rl.max_completion_length, maxPromptTokens: setup.maxPromptTokens, logprobs: false, answerFormat: setup.rl.answer_format };
  const adapters = { extractor: null, profiler: null, retriever: null };
  const g = await sampleTeam(model.engine, model.codec, { templates, adapters }, items, { ...base, groupSize: 1, temperature: 0, topP: 1 }, rng);
  const s = await sampleTeam(model.engine, model.codec, { templates, adapters }, items, { ...base, groupSize: samples, temperature, topP: 1 }, rng);
  for (const [k, p] of part.entries()) {
    const q = p.question;
    const type = (byType[q.type] ??= { greedy: tally(), sampled: tally() });
    const [tg] = g[k];
    const sg = await optionScores(tg, q.options, 1);
    const best = sg.indexOf(Math.max(...sg));
    add(greedy, best === q.correct ? 1 : 0, tg, q.correct);
    add(type.greedy, best === q.correct ? 1 : 0, tg, q.correct);
    for (const ts of s[k]) {
      const pi = softmax(await optionScores(ts, q.options, temperature));
      add(sampled, pi[q.correct] ?? 0, ts, q.correct);
      add(type.sampled, pi[q.correct] ?? 0, ts, q.correct);
    }
  }
  process.stderr.write(`  ${Math.min(i + 4, problems.length)}/${problems.length} questions\n`);
}
model.engine.dispose();

const pct = (a: number, n: number) => `${((100 * a) / Math.max(1, n)).toFixed(1)}%`;
const line = (name: string, x: Tally) =>
  `${name.padEnd(22)} n ${String(x.n).padStart(4)}  choice ${pct(x.choiceRight, x.n).padStart(6)}  text ${pct(x.textRight, x.n).padStart(6)} (maps ${pct(x.textMapped, x.n)})\n`;
process.stdout.write(`seed ${seed}, ${problems.length} validation questions, option score ${values.score}; choice always parses (100%)\n`);
process.stdout.write(line('greedy', greedy));
process.stdout.write(line(`sampled at ${temperature}`, sampled));
for (const [type, x] of Object.entries(byType)) {
  process.stdout.write(line(`  ${type} greedy`, x.greedy));
  process.stdout.write(line(`  ${type} sampled`, x.sampled));
}

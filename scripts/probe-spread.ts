// Does the Retriever's local reward tell a group's rollouts apart? G trajectories per question at the training
// temperature, the untrained team, a world's first validation questions: per group the Retriever's local reward
// as Eq. 11 alone and with answer grounding weights γ (r2 = (1 − γ)·Eq. 11 + γ·g), and the share of groups where
// each has no spread (every rollout scores the same), beside r3's and the share whose Retriever outputs are all
// identical (no reward of the output can tell those apart); and each agent's mean prompt and completion tokens
// (what a training step's time scales with). A probe, not a test.
// With --profiler-samples K: how much of the Profiler's reward spread within a group comes from its input. In a
// group each rollout's Profiler reads a different memory (the Extractor's sample); here each of those G memories
// also gets K Profiler samples, scored by the rubric as training scores them, and the probe splits the spread of
// r1 into the part between memories (the input) and the part among one memory's K profiles (the Profiler's own
// choice, the only part its policy gradient can act on).
// Run: npm run probe:spread -- [--restate] [--seed 1] [--questions 40] [--model bundled:comam-lesson-restated]
//        [--grounding 0.25,0.5,1] [--profiler-samples 4] [--verbose]

import { parseArgs } from 'node:util';
import { defaultTemplates } from '../src/agents/registry';
import { groundedRetrievalReward, retrieverLocalReward } from '../src/agents/retriever/reward';
import { buildSetup } from '../src/run/runConfig';
import { loadNodeDataset, loadNodeModel } from '../src/cli/nodeModel';
import { historyMode } from '../src/env/mdp';
import { initBackend } from '../src/model/backend';
import { Rng } from '../src/model/rng';
import { fitPrompt, renderMemory, sampleTeam, templatesWithText } from '../src/rl/rollout';
import { renderPrompt } from '../src/agents/template';
import { parseProfiler } from '../src/agents/profiler/parse';
import { rubricJudge } from '../src/judge/rubric';
import { presetWorldRef } from '../src/rl/syntheticWorld';
import { AGENT_NAMES, type AgentName } from '../src/agents/names';
import { problemsOf } from '../src/rl/problem';
import { judgeProfile } from '../src/rl/rewards';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    questions: { type: 'string', default: '40' },
    model: { type: 'string' },
    restate: { type: 'boolean', default: false },
    grounding: { type: 'string', default: '0.25,0.5,1' },
    'match-threshold': { type: 'string', default: '0.9' },
    'profiler-samples': { type: 'string', default: '0' },
    verbose: { type: 'boolean', default: false },
  },
});
const fail = (m: string): never => {
  process.stderr.write(`probe:spread: ${m}\n`);
  process.exit(2);
};
const seed = Number(values.seed);
if (!Number.isInteger(seed) || seed < 0) fail(`--seed must be a whole number ≥ 0, got "${values.seed}".`);
const count = Number(values.questions);
if (!Number.isInteger(count) || count < 1) fail(`--questions must be a whole number ≥ 1, got "${values.questions}".`);
const gammas = values.grounding.split(',').map(Number);
if (gammas.some((g) => !(g >= 0 && g <= 1))) fail(`--grounding must be numbers in [0, 1] separated by commas, got "${values.grounding}".`);
const profilerSamples = Number(values['profiler-samples']);
if (!Number.isInteger(profilerSamples) || profilerSamples < 0) fail(`--profiler-samples must be a whole number ≥ 0, got "${values['profiler-samples']}".`);
const tau = Number(values['match-threshold']);
if (!(tau > 0 && tau <= 1)) fail(`--match-threshold must be a number in (0, 1], got "${values['match-threshold']}".`);

await initBackend('wasm');
const model = values.model ?? (values.restate ? 'bundled:comam-lesson-restated' : undefined);
const dataset = { ...presetWorldRef('lesson', seed), ...(values.restate ? { restate: true } : {}) };
const setup = buildSetup({ steps: 0, maxPromptTokens: 512, dataset, rl: { match_threshold: tau, answer_format: 'text' } }, { preset: 'classroom', seed, model, world: 'lesson' });
const loaded = await loadNodeModel(setup.model);
const world = loadNodeDataset(setup.dataset);
const problem = problemsOf(world);
const problems = world.split.val.slice(0, count).map((id) => problem(id, historyMode('evidence')));
const templates = templatesWithText(defaultTemplates('text'), setup.prompts);
const rng = new Rng(seed);
const G = setup.rl.num_generations;

const rewards = ['eq11', ...gammas.map((g) => `grounded ${g}`), 'r3'];
const flat: Record<string, number> = Object.fromEntries([...rewards, 'identical outputs'].map((n) => [n, 0]));
// Over pairs of rollouts whose r3 differ: how often Eq. 11 and the grounding g order them as r3 does.
const agree = { pairs: 0, eq11: 0, g: 0 };
let groups = 0;
const lengths = Object.fromEntries(AGENT_NAMES.map((a) => [a, { prompt: 0, completion: 0, n: 0 }])) as Record<AgentName, { prompt: number; completion: number; n: number }>;
// --profiler-samples: per group, the variance of r1 over its G rollouts as training sees them, and its split into
// between-memory (variance of each memory's mean r1 over its K profiles) and within-memory (mean of each memory's
// variance over its K profiles) parts; population variances, summed over groups.
const judge = rubricJudge();
// Beside them the mean r1 of the rollouts and of a profile that copies the memory's lines (what the Profiler's
// input alone can score, without abstracting anything).
const r1Split = { groups: 0, chain: 0, between: 0, within: 0, chainZero: 0, withinZero: 0, chainMean: 0, copyMean: 0 };
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const variance = (xs: readonly number[]) => {
  const m = mean(xs);
  return mean(xs.map((x) => (x - m) ** 2));
};
// The Profiler's prompt, as sampleTeam fits it, leaves room for its completion within the model's positions.
const positions = loaded.engine.config.maxPositionEmbeddings - setup.rl.max_completion_length;
const spreadless = (xs: readonly number[]) => new Set(xs.map((x) => x.toFixed(9))).size === 1;
for (let i = 0; i < problems.length; i += 2) {
  const part = problems.slice(i, i + 2);
  const teams = await sampleTeam(
    loaded.engine,
    loaded.codec,
    { templates, adapters: { extractor: null, profiler: null, retriever: null } },
    part.map((p) => ({ history: p.history, question: p.question })),
    { groupSize: G, temperature: setup.rl.temperature, topP: setup.rl.top_p, maxTokens: setup.rl.max_completion_length, maxPromptTokens: setup.maxPromptTokens, logprobs: false, answerFormat: 'text' },
    rng,
  );
  for (const [k, group] of teams.entries()) {
    const p = part[k];
    for (const t of group) {
      for (const a of AGENT_NAMES) {
        lengths[a].prompt += t.agents[a].promptIds.length;
        lengths[a].completion += t.agents[a].completionIds.length;
        lengths[a].n += 1;
      }
    }
    // Eq. 11 and g once per rollout; each γ mixes them.
    const scores = group.map((t) => retrieverLocalReward(t.parsed.retriever, p.gold.evidence, { beta: setup.rl.retrieval_beta, tau, grounding: 0 }));
    const eq11 = scores.map((s) => s.evidence.reward);
    const g = scores.map((s) => s.grounding);
    const r3 = group.map((t) => (t.parsed.retriever.choice === p.question.correct ? 1 : 0));
    const byName: Record<string, number[]> = { eq11, r3 };
    for (const gamma of gammas) byName[`grounded ${gamma}`] = eq11.map((e, j) => groundedRetrievalReward(e, g[j], gamma));
    groups += 1;
    for (const n of rewards) if (spreadless(byName[n])) flat[n] += 1;
    if (new Set(group.map((t) => JSON.stringify(t.parsed.retriever))).size === 1) flat['identical outputs'] += 1;
    for (let a = 0; a < G; a++) {
      for (let b = a + 1; b < G; b++) {
        if (r3[a] === r3[b]) continue;
        agree.pairs += 1;
        const sign = Math.sign(r3[a] - r3[b]);
        if (Math.sign(eq11[a] - eq11[b]) === sign) agree.eq11 += 1;
        if (Math.sign(g[a].f1 - g[b].f1) === sign) agree.g += 1;
      }
    }
    if (profilerSamples > 0) {
      const r1Of = async (text: string) => (await judgeProfile(judge, parseProfiler(text).value, p.gold)).score;
      const chain = await Promise.all(group.map((t) => r1Of(t.agents.profiler.text)));
      // The Profiler's prompt from each rollout's memory, as sampleTeam renders it, K times each.
      const prompts = group.flatMap((t) => {
        const lines = t.parsed.extractor;
        const fit = fitPrompt('profiler', lines.length, (keep) => renderPrompt(templates.profiler, { memory: renderMemory(lines.slice(lines.length - keep)) }), loaded.codec, positions);
        return Array.from({ length: profilerSamples }, () => fit.ids);
      });
      loaded.engine.setActiveAdapter(null);
      const gens = await loaded.engine.generate(prompts, { temperature: setup.rl.temperature, topP: setup.rl.top_p, maxTokens: setup.rl.max_completion_length, stopTokens: loaded.codec.stopTokens, rng });
      const r1 = await Promise.all(gens.map((gen) => r1Of(loaded.codec.decode(gen.ids))));
      const perMemory = group.map((_, j) => r1.slice(j * profilerSamples, (j + 1) * profilerSamples));
      const within = perMemory.map(variance);
      const copies = await Promise.all(group.map((t) => r1Of(`<profile>\n${renderMemory(t.parsed.extractor)}\n</profile>`)));
      r1Split.groups += 1;
      r1Split.chainMean += mean(chain);
      r1Split.copyMean += mean(copies);
      r1Split.chain += variance(chain);
      r1Split.between += variance(perMemory.map(mean));
      r1Split.within += mean(within);
      if (spreadless(chain)) r1Split.chainZero += 1;
      r1Split.withinZero += within.filter((v) => v < 1e-12).length / within.length;
      if (values.verbose) {
        process.stdout.write(`  r1 by memory: ${perMemory.map((xs) => xs.map((x) => x.toFixed(2)).join(' ')).join(' | ')}\n`);
      }
    }
    if (values.verbose) {
      process.stdout.write(`${p.question.type.padEnd(42)} Eq. 11 ${eq11.map((x) => x.toFixed(2)).join(' ')} | g ${g.map((x) => x.f1.toFixed(2)).join(' ')} | r3 ${r3.join('')}\n`);
    }
  }
  process.stderr.write(`  ${Math.min(i + 2, problems.length)}/${problems.length} questions\n`);
}
const share = (n: number) => Number((n / groups).toFixed(3));
process.stdout.write(
  JSON.stringify({
    seed,
    restate: values.restate,
    model: setup.model,
    group_size: G,
    temperature: setup.rl.temperature,
    match_threshold: tau,
    groups,
    zero_spread: Object.fromEntries(Object.entries(flat).map(([n, c]) => [n, share(c)])),
    pairs_with_differing_r3: agree.pairs,
    ordered_as_r3: { eq11: agree.eq11, g: agree.g },
    ...(profilerSamples > 0
      ? {
          profiler_r1_spread: {
            samples_per_memory: profilerSamples,
            mean_r1: Number((r1Split.chainMean / r1Split.groups).toFixed(4)),
            mean_r1_copying_memory: Number((r1Split.copyMean / r1Split.groups).toFixed(4)),
            // Mean over groups of each variance; between + within is the variance of all G·K profiles' r1.
            chain_variance: Number((r1Split.chain / r1Split.groups).toFixed(5)),
            between_memories: Number((r1Split.between / r1Split.groups).toFixed(5)),
            within_memory: Number((r1Split.within / r1Split.groups).toFixed(5)),
            share_from_memory: Number((r1Split.between / (r1Split.between + r1Split.within)).toFixed(3)),
            chain_zero_spread: Number((r1Split.chainZero / r1Split.groups).toFixed(3)),
            memory_zero_spread: Number((r1Split.withinZero / r1Split.groups).toFixed(3)),
          },
        }
      : {}),
    mean_tokens: Object.fromEntries(AGENT_NAMES.map((a) => [a, { prompt: Number((lengths[a].prompt / lengths[a].n).toFixed(1)), completion: Number((lengths[a].completion / lengths[a].n).toFixed(1)) }])),
  }) + '\n',
);
loaded.engine.dispose();

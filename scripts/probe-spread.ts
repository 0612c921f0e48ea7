// Does the Retriever's local reward tell a group's rollouts apart? G trajectories per question at the training
// temperature, the untrained team, a world's first validation questions: per group the Retriever's local reward
// as Eq. 11 alone and with answer grounding weights γ (r2 = (1 − γ)·Eq. 11 + γ·g), and the share of groups where
// each has no spread (every rollout scores the same), beside r3's and the share whose Retriever outputs are all
// identical (no reward of the output can tell those apart); and each agent's mean prompt and completion tokens
// (what a training step's time scales with). A probe, not a test.
// Run: npm run probe:spread -- [--restate] [--seed 1] [--questions 40] [--model bundled:comam-lesson-restated]
//        [--grounding 0.25,0.5,1] [--verbose]

import { parseArgs } from 'node:util';
import { defaultTemplates } from '../src/agents/registry';
import { groundedRetrievalReward, retrieverLocalReward } from '../src/agents/retriever/reward';
import { buildSetup } from '../src/run/runConfig';
import { loadNodeDataset, loadNodeModel } from '../src/cli/nodeModel';
import { historyMode } from '../src/env/mdp';
import { initBackend } from '../src/model/backend';
import { Rng } from '../src/model/rng';
import { sampleTeam, templatesWithText } from '../src/rl/rollout';
import { presetWorldRef } from '../src/rl/syntheticWorld';
import { AGENT_NAMES, type AgentName } from '../src/agents/names';
import { problemsOf } from '../src/rl/problem';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    questions: { type: 'string', default: '40' },
    model: { type: 'string' },
    restate: { type: 'boolean', default: false },
    grounding: { type: 'string', default: '0.25,0.5,1' },
    'match-threshold': { type: 'string', default: '0.9' },
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
    mean_tokens: Object.fromEntries(AGENT_NAMES.map((a) => [a, { prompt: Number((lengths[a].prompt / lengths[a].n).toFixed(1)), completion: Number((lengths[a].completion / lengths[a].n).toFixed(1)) }])),
  }) + '\n',
);
loaded.engine.dispose();

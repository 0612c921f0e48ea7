// Where a training step's time goes (a probe, not a test): the bench's lesson run (classroom preset, adaptive
// credit, lr 3e-4, τ 0.9, text answers) for a few steps on wasm, timed per phase from the step's own progress
// events (each agent's sampling, scoring, each agent's update), with each step's wall time and its longest and
// mean completion per agent (a batch decodes until its longest completion ends). The sampled tokens depend only
// on the seed and the code, so two commits or two machines compare on the same work; the minutes a bench's
// budget buys depend on the machine's speed that day, which this measures.
// Run: npm run probe:step-time -- [--steps 4] [--seed 1] [--restate] [--model bundled:comam-lesson-restated]
//        [--answer-grounding 0.5]
// For a CPU profile of the same work: node --cpu-prof --cpu-prof-dir=DIR --import ./bin/register-loaders.mjs scripts/probe-step-time.ts

import { parseArgs } from 'node:util';
import { AGENT_NAMES } from '../src/agents/names';
import { buildSetup } from '../src/run/runConfig';
import { loadNodeDataset, loadNodeModel, modelDir, nodeJudge } from '../src/cli/nodeModel';
import { initBackend } from '../src/model/backend';
import { enableGradients } from '../src/model/gradients';
import type { Phase } from '../src/protocol/progress';
import { presetWorldRef } from '../src/rl/syntheticWorld';
import { TrainingSession } from '../src/run/training/session';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
    model: { type: 'string' },
    restate: { type: 'boolean', default: false },
    'answer-grounding': { type: 'string', default: '0' },
  },
});
const fail = (m: string): never => {
  process.stderr.write(`probe:step-time: ${m}\n`);
  process.exit(2);
};
const steps = Number(values.steps);
if (!Number.isInteger(steps) || steps < 1) fail(`--steps must be a whole number ≥ 1, got "${values.steps}".`);
const seed = Number(values.seed);
if (!Number.isInteger(seed) || seed < 0) fail(`--seed must be a whole number ≥ 0, got "${values.seed}".`);
const grounding = Number(values['answer-grounding']);
if (!(grounding >= 0 && grounding <= 1)) fail(`--answer-grounding must be a number in [0, 1], got "${values['answer-grounding']}".`);

await initBackend('wasm');
await enableGradients();
const model = values.model ?? (values.restate ? 'bundled:comam-lesson-restated' : undefined);
const dataset = { ...presetWorldRef('lesson', seed), ...(values.restate ? { restate: true } : {}) };
const rl = { credit_mode: 'adaptive' as const, answer_format: 'text' as const, learning_rate: 3e-4, match_threshold: 0.9, ...(grounding > 0 ? { answer_grounding: grounding } : {}) };
const setup = buildSetup({ steps: 0, maxPromptTokens: 512, dataset, rl }, { preset: 'classroom', seed, model, world: 'lesson' });
const loaded = await loadNodeModel(setup.model);
const session = new TrainingSession({ engine: loaded.engine, codec: loaded.codec, dataset: loadNodeDataset(setup.dataset), judge: nodeJudge(setup.judge, loaded, () => undefined), setup });

/** The phase a progress event belongs to: sampling and updates per agent (their labels name it), scoring. */
const phaseOf = (phase: Phase, label: string): string => {
  if (phase === 'sample') return `sample, agent ${/agent (\d)/.exec(label)?.[1] ?? '?'}`;
  if (phase === 'update') return `update, ${AGENT_NAMES.find((n) => label.toLowerCase().includes(n)) ?? 'done'}`;
  return phase;
};
const totals = new Map<string, number>();
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
console.log(`model ${modelDir(setup.model)}, lesson world seed ${seed}${values.restate ? ' (restated)' : ''}, ${setup.rl.num_generations} rollouts × ${setup.questionsPerStep} questions a step, wasm`);
for (let s = 0; s < steps; s++) {
  let current = 'start';
  let since = performance.now();
  const enter = (next: string) => {
    const now = performance.now();
    totals.set(current, (totals.get(current) ?? 0) + now - since);
    [current, since] = [next, now];
  };
  const out = await session.runStep((phase, _done, _total, _unit, label) => {
    const next = phaseOf(phase, label);
    if (next !== current) enter(next);
  });
  enter('start');
  const lengths = AGENT_NAMES.map((n) => out.trajectories.map((t) => t.logprobs[n].length));
  console.log(
    `step ${out.metrics.step}: ${(out.metrics.wallMs / 1000).toFixed(1)} s; completion tokens, longest / mean: ${AGENT_NAMES.map((n, i) => `${n} ${Math.max(...(lengths[i] ?? []))} / ${mean(lengths[i] ?? []).toFixed(1)}`).join(', ')}`,
  );
}
totals.delete('start');
for (const [phase, ms] of totals) console.log(`${phase}: ${(ms / 1000).toFixed(1)} s over ${steps} steps`);
session.dispose();
loaded.engine.dispose();

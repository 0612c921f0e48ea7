// Why the untrained (or any) team misses: every wrong answer on a world's validation split, greedy, with the
// memory the Extractor wrote, the start of the profile and the Retriever's answer and how it was mapped; then
// counts per (question type, outcome, mapping reason), and every profile that does not parse with its evidence
// session (counted per session). A probe, not a test.
// Run: npm run probe:misses -- [--world lesson] [--restate] [--sessions N] [--seed 1] [--model bundled:comam-lesson] [--history evidence|full] [--limit N]

import { parseArgs } from 'node:util';
import { defaultTemplates } from '../src/agents/registry';
import { buildSetup } from '../src/run/runConfig';
import { loadNodeDataset, loadNodeModel } from '../src/cli/nodeModel';
import { HISTORY_SCOPES, historyMode, type HistoryScope } from '../src/env/mdp';
import { initBackend } from '../src/model/backend';
import { Rng } from '../src/model/rng';
import { sampleTeam, templatesWithText } from '../src/rl/rollout';
import { defaultHistoryScope, presetWorldRef, worldConfigOf } from '../src/rl/syntheticWorld';
import { validateWorldConfig } from '../src/env/worldConfig';
import { WorldConfigError } from '../src/env/errors';
import { problemsOf } from '../src/rl/problem';

const { values } = parseArgs({
  options: {
    world: { type: 'string', default: 'lesson' },
    seed: { type: 'string', default: '1' },
    model: { type: 'string' },
    history: { type: 'string' },
    limit: { type: 'string' },
    restate: { type: 'boolean', default: false },
    sessions: { type: 'string' },
  },
});
const fail = (m: string): never => {
  process.stderr.write(`probe:misses: ${m}\n`);
  process.exit(2);
};
if (values.world !== 'lesson' && values.world !== 'classroom' && values.world !== 'tiny') fail(`--world must be lesson, classroom or tiny, got "${values.world}".`);
const seed = Number(values.seed);
if (!Number.isInteger(seed) || seed < 0) fail(`--seed must be a whole number ≥ 0, got "${values.seed}".`);
const sessions = values.sessions === undefined ? undefined : Number(values.sessions);
if (sessions !== undefined && !Number.isInteger(sessions)) fail(`--sessions must be a whole number, got "${values.sessions}".`);
if (values.history !== undefined && !(HISTORY_SCOPES as readonly string[]).includes(values.history)) fail(`--history must be ${HISTORY_SCOPES.join(' or ')}.`);

await initBackend('wasm');
if (values.restate && values.world !== 'lesson') fail('--restate is a lesson world option (--world lesson).');
// The world's preset ref, restated with --restate (the page's lesson is restated; without the flag this probe reads the plain one), with --sessions sessions per persona.
const worldRef = { ...presetWorldRef(values.world as 'lesson', seed), ...(values.restate ? { restate: true } : {}), ...(sessions === undefined ? {} : { sessionsPerPersona: sessions }) };
try {
  validateWorldConfig(worldConfigOf(worldRef));
} catch (err) {
  // --sessions out of its range stops here, in validateWorldConfig's words (as bench:train's does).
  if (err instanceof WorldConfigError) fail(err.message);
  throw err;
}
const setup = buildSetup({ steps: 0, maxPromptTokens: 512, dataset: worldRef }, { preset: 'classroom', seed, model: values.model, world: values.world as 'lesson' });
const history = (values.history as HistoryScope | undefined) ?? defaultHistoryScope(setup.dataset);
const model = await loadNodeModel(setup.model);
const dataset = loadNodeDataset(setup.dataset);
const problem = problemsOf(dataset);
const ids = dataset.split.val.slice(0, values.limit === undefined ? undefined : Number(values.limit));
const problems = ids.map((id) => problem(id, historyMode(history)));
const templates = templatesWithText(defaultTemplates(setup.rl.answer_format), setup.prompts);
const rng = new Rng(seed);
const counts: Record<string, number> = {};
for (let i = 0; i < problems.length; i += 4) {
  const part = problems.slice(i, i + 4);
  const teams = await sampleTeam(
    model.engine,
    model.codec,
    { templates, adapters: { extractor: null, profiler: null, retriever: null } },
    part.map((p) => ({ history: p.history, question: p.question })),
    { groupSize: 1, temperature: 0, topP: 1, maxTokens: setup.rl.max_completion_length, maxPromptTokens: setup.maxPromptTokens, logprobs: false, answerFormat: setup.rl.answer_format },
    rng,
  );
  for (const [k, [t]] of teams.entries()) {
    const q = part[k].question;
    const choice = t.parsed.retriever.choice;
    const reason = t.parsed.retriever.mapping?.reason ?? (t.formatOk.retriever ? 'letter' : 'malformed');
    const key = `${q.type} · ${choice === null ? 'no choice' : choice === q.correct ? 'right' : 'wrong'} · ${reason}`;
    counts[key] = (counts[key] ?? 0) + 1;
    if (!t.formatOk.profiler) {
      // 1-based, as the history's system lines number the sessions.
      const where = `profile does not parse · evidence session ${(q.evidenceSession ?? -1) + 1}`;
      counts[where] = (counts[where] ?? 0) + 1;
      process.stdout.write(`--- ${where}: ${JSON.stringify(t.agents.profiler.text.slice(0, 120))} (${t.agents.profiler.finish === 'length' ? 'ran out of tokens' : 'stopped'})\n`);
    }
    if (choice === q.correct) continue;
    process.stdout.write(`--- ${q.type}: ${q.query} (correct ${q.correct}: ${q.options[q.correct]})\n`);
    process.stdout.write(`  memory: ${JSON.stringify(t.parsed.extractor)}\n`);
    process.stdout.write(`  profile: ${JSON.stringify(t.agents.profiler.text.slice(0, 200))}\n`);
    process.stdout.write(`  answer: ${JSON.stringify(t.agents.retriever.text)} → ${choice ?? 'no choice'} (${reason})\n`);
  }
}
model.engine.dispose();
process.stdout.write(`\n${problems.length} questions (${history} history):\n`);
for (const [k, n] of Object.entries(counts).sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${String(n).padStart(3)}  ${k}\n`);

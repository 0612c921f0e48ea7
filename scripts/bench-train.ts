// The training benchmark (not a timed test): held-out accuracy before and after classroom-preset training
// of the bundled model on a generated world (wasm), per credit mode and seed, under one wall-clock budget,
// with what the run's own records say about its learning signal (per agent: groups without local-reward
// spread, mean local reward over the first and last five steps; the untrained team's parse rates).
// Run: npm run bench:train -- [--minutes 30 | --steps N] [--eval-at 15] [--seeds 1,2,3] [--modes adaptive,local,independent]
//        [--lr 1e-3] [--lr-scale 1,3,1] [--questions 2] [--generations 4] [--temperature 1.0] [--beta 0.04] [--scale-rewards group|batch|none] [--match-threshold 0.5] [--answer-grounding 0.5] [--model bundled:NAME | folder] [--world classroom|tiny|lesson] [--restate] [--sessions N] [--topics N] [--answer-format letter|text]
//        [--eval-limit N] [--history evidence|full] [--eval-temperature 0.8 --eval-samples 4] [--independent-agent all|extractor|profiler|retriever] [--no-frozen-control] [--json] [--out DIR]
// --json prints one JSON object: {rows: [{mode, seed, minutes, steps, val_questions, before, after,
// zero_spread_fraction, local_first5, local_last5, format_before, format_after, by_type, train_ms, eval_ms,
// global_first5, global_last5, global_by_step, frozen_local_first5, frozen_local_last5, local_rise_beyond_frozen,
// local_late_beyond_frozen, and the frozen_global_*/global_*_beyond_frozen twins}], controls, summary, …}.
// Per seed, a frozen team (a session whose setup has frozenControl: its adapters take no update) is sampled and scored on the questions its
// runs see, step for step, for as many steps as the seed's longest run (`controls`); each row's local reward is
// read against it: local_rise_beyond_frozen = (last 5 − first 5) of the per-step difference from the frozen team,
// local_late_beyond_frozen = that difference's mean over the second half of the steps; the global reward (the
// training accuracy the page charts) likewise. --no-frozen-control skips it.
// The untrained team is evaluated once per seed (every mode of a seed starts from it).
// Evaluation is greedy by default; --eval-temperature T (the paper evaluates at 0.8) samples --eval-samples
// answers per question and reports their mean as before/after, with the greedy accuracy and parse rates beside
// them (greedy_before, greedy_after, greedy_format_before, greedy_format_after).
// Each run trains for --minutes of wall clock (evaluations not counted) and is also evaluated when its
// training time passes each --eval-at mark, so one run answers several budgets. --steps N instead trains
// exactly N steps per run (--eval-at then counts steps): a budget this machine's speed on the day does not
// change (the same commit's step takes up to twice as long on one day as on another), so runs from
// different days compare; training is seeded, so a run's first N steps are the same whichever budget it had. --history is what the
// Extractor reads when evaluating: the evidence session (the default on the lesson world, whose model and
// training see one session per question) or every session before the question (the paper's evaluation,
// the default elsewhere). --restate: the lesson world with WorldConfig.restate (each change note follows a
// restatement of the preference it replaces). A run uses one core
// (tfjs wasm in Node is single-threaded): two commands side by side use both cores of a 2-core machine.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSetup } from '../src/run/runConfig';
import { ConfigError } from '../src/rl/errors';
import { loadNodeDataset, loadNodeModel, modelDir, nodeJudge } from '../src/cli/nodeModel';
import { initBackend } from '../src/model/backend';
import { enableGradients } from '../src/model/gradients';
import { ANSWER_FORMATS } from '../src/agents/retriever/answer';
import { AGENT_NAMES, perAgent, type PerAgent } from '../src/agents/names';
import { CREDIT_MODES, INDEPENDENT_AGENTS, SCALE_REWARDS, type CreditMode, type IndependentAgent, type ScaleRewards } from '../src/rl/config';
import { beyondControl, localRewardWindows, meanStd, seriesBeyondControl, seriesWindows, zeroSpreadByAgent } from '../src/run/training/learningSignal';
import type { StepMetrics, TrajectoryRow } from '../src/run/records';
import { HISTORY_SCOPES, type HistoryScope } from '../src/env/mdp';
import { evaluateTeam } from '../src/rl/eval/evaluate';
import { defaultHistoryScope, presetWorldRef, worldConfigOf } from '../src/rl/syntheticWorld';
import { validateWorldConfig } from '../src/env/worldConfig';
import { WorldConfigError } from '../src/env/errors';
import { TrainingSession } from '../src/run/training/session';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string' },
    steps: { type: 'string' },
    'eval-at': { type: 'string', default: '' },
    lr: { type: 'string' },
    beta: { type: 'string' },
    'scale-rewards': { type: 'string' },
    'match-threshold': { type: 'string' },
    'answer-grounding': { type: 'string' },
    seeds: { type: 'string', default: '1,2,3' },
    modes: { type: 'string', default: 'adaptive,local,independent' },
    model: { type: 'string' },
    world: { type: 'string', default: 'classroom' },
    'answer-format': { type: 'string' },
    'eval-limit': { type: 'string' },
    'eval-temperature': { type: 'string', default: '0' },
    'eval-samples': { type: 'string', default: '1' },
    history: { type: 'string' },
    out: { type: 'string', default: 'bench-results' },
    'max-prompt-tokens': { type: 'string', default: '512' },
    json: { type: 'boolean', default: false },
    restate: { type: 'boolean', default: false },
    sessions: { type: 'string' },
    topics: { type: 'string' },
    'independent-agent': { type: 'string' },
    'lr-scale': { type: 'string' },
    questions: { type: 'string' },
    generations: { type: 'string' },
    temperature: { type: 'string' },
    'no-frozen-control': { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  process.stderr.write(`bench:train: ${message}\n`);
  process.exit(2);
}

if (values.minutes !== undefined && values.steps !== undefined) fail('give --minutes or --steps, not both (one budget per run).');
/** The budget per run: training minutes (wall clock, evaluations not counted) or a number of steps. */
const budget: { unit: 'minutes' | 'steps'; size: number } =
  values.steps === undefined ? { unit: 'minutes', size: Number(values.minutes ?? '30') } : { unit: 'steps', size: Number(values.steps) };
if (budget.unit === 'minutes' && !(budget.size > 0)) fail(`--minutes must be a number > 0, got "${values.minutes}".`);
if (budget.unit === 'steps' && !(Number.isInteger(budget.size) && budget.size > 0)) fail(`--steps must be a whole number > 0, got "${values.steps}".`);
const seeds = values.seeds.split(',').map(Number);
if (seeds.some((s) => !Number.isInteger(s) || s < 0)) fail(`--seeds must be whole numbers ≥ 0 separated by commas, got "${values.seeds}".`);
const modes = values.modes.split(',') as CreditMode[];
for (const m of modes) if (!CREDIT_MODES.includes(m)) fail(`unknown credit mode "${m}"; use ${CREDIT_MODES.join(', ')}.`);
if (values.world !== 'classroom' && values.world !== 'tiny' && values.world !== 'lesson') fail(`--world must be classroom, tiny or lesson, got "${values.world}".`);
const world = values.world;
if (values.restate && world !== 'lesson') fail('--restate is a lesson world option; add --world lesson.');
/** A whole-number flag ≥ 1, undefined when absent: --sessions / --topics (the world preset's sessions and preference topics per persona, changed; their upper bounds are validateWorldConfig's) and --questions. */
const wholeFlag = (flag: 'sessions' | 'topics' | 'questions' | 'generations'): number | undefined => {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) fail(`--${flag} must be a whole number ≥ 1, got "${raw}".`);
  return n;
};
const sessionsPerPersona = wholeFlag('sessions');
const topicsPerPersona = wholeFlag('topics');
const worldKnobs = { ...(sessionsPerPersona === undefined ? {} : { sessionsPerPersona }), ...(topicsPerPersona === undefined ? {} : { topicsPerPersona }) };
/** The world's dataset ref for a seed: the preset's, restated with --restate, with --sessions / --topics. */
const worldRef = (seed: number) => ({ ...presetWorldRef(world, seed), ...(values.restate ? { restate: true } : {}), ...worldKnobs });
try {
  validateWorldConfig(worldConfigOf(worldRef(0)));
} catch (err) {
  // A knob out of its range stops the bench before any run, in validateWorldConfig's words.
  if (err instanceof WorldConfigError) fail(err.message);
  throw err;
}
// The lesson world is made for the text answer format; the others default to the paper's letter.
const answerFormat = values['answer-format'] ?? (world === 'lesson' ? 'text' : 'letter');
if (!(ANSWER_FORMATS as readonly string[]).includes(answerFormat)) fail(`--answer-format must be ${ANSWER_FORMATS.join(' or ')}, got "${answerFormat}".`);
// Unless given, the world's own default (the lesson world's evidence session), as comam-lab eval and the page use.
const history = (values.history ?? defaultHistoryScope(presetWorldRef(world, 0))) as HistoryScope;
if (!HISTORY_SCOPES.includes(history)) fail(`--history must be ${HISTORY_SCOPES.join(' or ')}, got "${history}".`);
const evalLimit = values['eval-limit'] === undefined ? undefined : Number(values['eval-limit']);
if (evalLimit !== undefined && !(Number.isInteger(evalLimit) && evalLimit > 0)) fail(`--eval-limit must be a whole number > 0, got "${values['eval-limit']}".`);
const marks = [...new Set([...values['eval-at'].split(',').filter((x) => x.trim() !== '').map(Number), budget.size])].sort((a, b) => a - b);
if (marks.some((m) => !(m > 0) || m > budget.size || (budget.unit === 'steps' && !Number.isInteger(m))))
  fail(`--eval-at must be ${budget.unit === 'steps' ? 'whole numbers of steps > 0 and ≤ --steps' : 'minutes > 0 and ≤ --minutes'}, separated by commas, got "${values['eval-at']}".`);
const lr = values.lr === undefined ? undefined : Number(values.lr);
if (lr !== undefined && !(lr > 0 && Number.isFinite(lr))) fail(`--lr must be a number > 0, got "${values.lr}".`);
// Per agent, the factor on --lr for its adapter ("extractor,profiler,retriever", e.g. 1,3,1); one rate for all unless given.
const lrScale = values['lr-scale'] === undefined ? undefined : values['lr-scale'].split(',').map(Number);
// Their range is validateConfig's (checked with every other setting when the first setup is built, below).
if (lrScale !== undefined && !(lrScale.length === 3 && lrScale.every((x) => Number.isFinite(x)))) fail(`--lr-scale must be three numbers "extractor,profiler,retriever", got "${values['lr-scale']}".`);
const learningRateScale = lrScale === undefined ? undefined : { extractor: lrScale[0], profiler: lrScale[1], retriever: lrScale[2] };
// Questions (GRPO groups) per training step: the run setup's questionsPerStep. 2 unless given, on every world (the
// page's restated lesson has 4 since session 24; the bench names its settings itself, so earlier commands reproduce).
const questionsPerStep = wholeFlag('questions') ?? 2;
// Rollouts per question (GRPO's group size, rl.num_generations): the preset's (4 on classroom and lesson) unless given.
// Its lower bound (≥ 2: a group of one has nothing to rank) is validateConfig's.
const generations = wholeFlag('generations');
// The training rollouts' sampling temperature (rl.temperature; the paper's 1.0 unless given; evaluation has its own, --eval-temperature).
const temperature = values.temperature === undefined ? undefined : Number(values.temperature);
if (temperature !== undefined && !(temperature > 0 && Number.isFinite(temperature))) fail(`--temperature must be a number > 0, got "${values.temperature}".`);
// The KL coefficient (TRL's beta; 0 by default: no reference model).
const beta = values.beta === undefined ? undefined : Number(values.beta);
if (beta !== undefined && !(beta >= 0 && Number.isFinite(beta))) fail(`--beta must be a number ≥ 0, got "${values.beta}".`);
// TRL's scale_rewards: the advantage divided by the group's reward std ("group", the default), the whole batch's, or not at all.
const scaleRewards = values['scale-rewards'] as ScaleRewards | undefined;
if (scaleRewards !== undefined && !SCALE_REWARDS.includes(scaleRewards)) fail(`--scale-rewards must be ${SCALE_REWARDS.join(', ')}, got "${String(scaleRewards)}".`);
// τ: a memory line covers a gold turn when their token F1 reaches it (the Extractor's and the Retriever's local rewards).
const matchThreshold = values['match-threshold'] === undefined ? undefined : Number(values['match-threshold']);
if (matchThreshold !== undefined && !(matchThreshold > 0 && matchThreshold <= 1)) fail(`--match-threshold must be a number in (0, 1], got "${values['match-threshold']}".`);
// γ: the weight of the answer's grounding in the Retriever's local reward (text answers; 0 = the paper's Eq. 11).
const answerGroundingWeight = values['answer-grounding'] === undefined ? undefined : Number(values['answer-grounding']);
if (answerGroundingWeight !== undefined && !(answerGroundingWeight >= 0 && answerGroundingWeight <= 1)) fail(`--answer-grounding must be a number in [0, 1], got "${values['answer-grounding']}".`);
// Who trains under --modes independent: "all" (each agent in turn, the default) or one agent alone, the others frozen.
const independentAgent = values['independent-agent'] as IndependentAgent | undefined;
if (independentAgent !== undefined && !INDEPENDENT_AGENTS.includes(independentAgent)) fail(`--independent-agent must be ${INDEPENDENT_AGENTS.join(', ')}, got "${String(independentAgent)}".`);
if (independentAgent !== undefined && !modes.every((m) => m === 'independent')) fail('--independent-agent is a setting of --modes independent; run the other modes in another command.');
const evalTemperature = Number(values['eval-temperature']);
if (!(evalTemperature >= 0 && Number.isFinite(evalTemperature))) fail(`--eval-temperature must be a number ≥ 0, got "${values['eval-temperature']}".`);
const evalSamples = Number(values['eval-samples']);
if (!(Number.isInteger(evalSamples) && evalSamples >= 1)) fail(`--eval-samples must be a whole number ≥ 1, got "${values['eval-samples']}".`);
if (evalTemperature === 0 && evalSamples > 1) fail('--eval-samples > 1 needs --eval-temperature > 0 (greedy answers repeat).');
const sampledEval = evalTemperature > 0;
// Per seed, a frozen team (no adapter update) on the same questions step for step: the control that target 2's
// windows are read against (which questions fall in a 5-step window moves its mean as much as training does).
const frozenControl = !values['no-frozen-control'];

interface Row {
  mode: CreditMode;
  seed: number;
  /** Training minutes at which `after` was measured (one row per --eval-at mark; with --steps, the minutes those steps took). */
  minutes: number;
  steps: number;
  val_questions: number;
  /** Accuracy before and after training: greedy, or with --eval-temperature the mean over --eval-samples sampled answers. */
  before: number;
  after: number;
  /** With --eval-temperature: the greedy accuracy beside the sampled one. */
  greedy_before?: number;
  greedy_after?: number;
  /** With --eval-temperature: the per-agent parse rates of the greedy evaluation (format_* are the sampled ones). */
  greedy_format_before?: PerAgent<number>;
  greedy_format_after?: PerAgent<number>;
  /** Per agent, over the steps so far: (group, agent) pairs whose local rewards had no spread / all pairs. */
  zero_spread_fraction: PerAgent<number>;
  /** Per agent: mean local reward over the first and the last five steps so far. */
  local_first5: PerAgent<number>;
  local_last5: PerAgent<number>;
  /** The team's training accuracy (the global reward, the page's chart) over the same windows. */
  global_first5: number;
  global_last5: number;
  /** Each step's mean global reward (the page's chart, step for step). */
  global_by_step: number[];
  /** The untrained team's share of outputs in each agent's format (the Retriever's: mapped to an option). */
  format_before: PerAgent<number>;
  /** The same share for the trained team at this mark. */
  format_after: PerAgent<number>;
  /** Accuracy per question type, after. */
  by_type: Record<string, number>;
  train_ms: number;
  eval_ms: number;
  /** With the frozen control (the default): the frozen team's windows over the same steps. */
  frozen_local_first5?: PerAgent<number>;
  frozen_local_last5?: PerAgent<number>;
  /** Per agent: (last 5 − first 5) of the run's per-step local reward minus the frozen team's (learningSignal.ts beyondControl). */
  local_rise_beyond_frozen?: PerAgent<number>;
  /** Per agent: the mean of that per-step difference over the second half of the steps. */
  local_late_beyond_frozen?: PerAgent<number>;
  /** The same three for the global reward. */
  frozen_global_first5?: number;
  frozen_global_last5?: number;
  global_rise_beyond_frozen?: number;
  global_late_beyond_frozen?: number;
}

/** A seed's frozen team: the untrained team sampled and scored on the questions its runs see, step for step. */
interface Control {
  seed: number;
  steps: number;
  minutes: number;
  local_first5: PerAgent<number>;
  local_last5: PerAgent<number>;
  /** Per agent, each step's mean local reward. */
  local_by_step: PerAgent<number[]>;
  global_first5: number;
  global_last5: number;
  /** Each step's mean global reward. */
  global_by_step: number[];
}

await initBackend('wasm');
await enableGradients();
const log = (m: string) => process.stderr.write(`${m}\n`);
/** Per-agent parse rates of an evaluation; one that reports only the Retriever's leaves the others NaN. */
const formatByAgent = (e: { formatOk: number; formatOkByAgent?: PerAgent<number> }): PerAgent<number> =>
  e.formatOkByAgent ?? { extractor: Number.NaN, profiler: Number.NaN, retriever: e.formatOk };
const unit = budget.unit === 'minutes' ? 'min' : 'steps';
/** Whether a run with trainMs of training over `steps` steps has reached a mark of the budget. */
const reached = (mark: number, trainMs: number, steps: number) => (budget.unit === 'minutes' ? trainMs >= mark * 60_000 : steps >= mark);
/** The mark a row was measured at, in the budget's unit. */
const markOf = (row: Row) => (budget.unit === 'minutes' ? row.minutes : row.steps);
const rows: Row[] = [];
/** Each row's step metrics (the run's first `row.steps` steps), for the frozen control's paired columns. */
const rowMetrics = new Map<Row, StepMetrics[]>();
/** Per seed, the frozen team's run (--no-frozen-control: none). */
const controls: Control[] = [];

/** A run's setup: the classroom preset on the seed's world, with this command's settings. */
const setupOf = (mode: CreditMode, seed: number) =>
  buildSetup(
    { rl: { credit_mode: mode, answer_format: answerFormat, ...(independentAgent === undefined ? {} : { independent_agent: independentAgent }), ...(lr === undefined ? {} : { learning_rate: lr }), ...(learningRateScale === undefined ? {} : { learning_rate_scale: learningRateScale }), ...(beta === undefined ? {} : { beta }), ...(temperature === undefined ? {} : { temperature }), ...(generations === undefined ? {} : { num_generations: generations }), ...(scaleRewards === undefined ? {} : { scale_rewards: scaleRewards }), ...(matchThreshold === undefined ? {} : { match_threshold: matchThreshold }), ...(answerGroundingWeight === undefined ? {} : { answer_grounding: answerGroundingWeight }) }, steps: 0, maxPromptTokens: Number(values['max-prompt-tokens']), dataset: worldRef(seed), questionsPerStep },
    { preset: 'classroom', seed, model: values.model, world },
  );

/** The model every run loads: --model, or the world's own (the lesson's; a restated lesson's is the restated model). */
const runModel = (() => {
  try {
    return setupOf(modes[0], seeds[0]).model;
  } catch (err) {
    // A setting out of its range (validateConfig's words, naming the config field) stops the bench before any run.
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
})();
const modelName = values.model ?? (runModel.kind === 'bundled' ? `bundled:${runModel.name}` : modelDir(runModel));
log(`model: ${modelDir(runModel)}; budget ${budget.size} ${unit} per run (evaluated at ${marks.join(', ')} ${unit}); ${modes.length} modes × ${seeds.length} seeds`);

/** A loaded model, the seed's dataset and a session on them (a setup with frozenControl: the control, which takes no update). */
async function openSession(setup: ReturnType<typeof setupOf>) {
  const model = await loadNodeModel(setup.model);
  const dataset = loadNodeDataset(setup.dataset);
  const session = new TrainingSession({ engine: model.engine, codec: model.codec, dataset, judge: nodeJudge(setup.judge, model, log), setup });
  const close = () => {
    session.dispose();
    model.engine.dispose();
  };
  return { model, dataset, session, close };
}

/** One step of a session, logged, with its training time added to `clock`. */
async function loggedStep(session: TrainingSession, label: string, clock: { ms: number }): Promise<{ metrics: StepMetrics; trajectories: TrajectoryRow[] }> {
  const t = Date.now();
  const out = await session.runStep();
  clock.ms += Date.now() - t;
  const l = out.metrics.local;
  log(`${label} step ${out.metrics.step}: train accuracy ${out.metrics.global.mean.toFixed(3)}, local ${l.extractor.mean.toFixed(3)} / ${l.profiler.mean.toFixed(3)} / ${l.retriever.mean.toFixed(3)} (${budget.unit === 'minutes' ? `${(clock.ms / 60_000).toFixed(1)} of ${budget.size} min` : `${(clock.ms / 60_000).toFixed(1)} min, step ${session.step} of ${budget.size}`})`);
  return out;
}

/** The global reward's mean over the first and the last five steps (localRewardWindows' windows). */
const globalWindows = (metrics: readonly StepMetrics[]) => seriesWindows(metrics.map((m) => m.global.mean), 5);

type Evaluation = Awaited<ReturnType<typeof evaluateTeam>> & { greedy: number; greedyFormat: PerAgent<number> };

for (const seed of seeds) {
  /** The untrained team's evaluation: the same for every mode of a seed (same model, questions and sampling seed), so taken once. */
  let before: Evaluation | undefined;
  for (const mode of modes) {
    // independent_agent "all" (the default): every agent trains on its own local reward, one per step in turn, the others frozen.
    const setup = setupOf(mode, seed);
    const { model, dataset, session, close } = await openSession(setup);
    const evalOpts = {
      split: 'val' as const,
      temperature: evalTemperature,
      samples: evalSamples,
      maxTokens: setup.rl.max_completion_length,
      maxPromptTokens: setup.maxPromptTokens,
      limit: evalLimit,
      seed,
      batch: 4,
      answerFormat: setup.rl.answer_format,
      history,
      onProgress: (done: number, total: number) => log(`  ${mode} seed ${seed}: evaluating ${done}/${total}`),
    };
    const evaluate = async (): Promise<Evaluation> => {
      const main = await evaluateTeam(model.engine, model.codec, dataset, session.adapters, setup.prompts, evalOpts);
      const greedy = sampledEval ? await evaluateTeam(model.engine, model.codec, dataset, session.adapters, setup.prompts, { ...evalOpts, temperature: 0, samples: 1 }) : main;
      return { ...main, greedy: greedy.accuracy, greedyFormat: formatByAgent(greedy) };
    };
    const e0 = Date.now();
    before ??= await evaluate();
    const untrained = before;
    let evalMs = Date.now() - e0;
    const clock = { ms: 0 };
    const metrics: StepMetrics[] = [];
    const trajectories: TrajectoryRow[] = [];
    for (const mark of marks) {
      while (!reached(mark, clock.ms, session.step)) {
        const out = await loggedStep(session, `${mode} seed ${seed}`, clock);
        metrics.push(out.metrics);
        trajectories.push(...out.trajectories);
      }
      const e1 = Date.now();
      const after = await evaluate();
      evalMs += Date.now() - e1;
      const windows = localRewardWindows(metrics, 5);
      const globals = globalWindows(metrics);
      const row: Row = {
        mode,
        seed,
        minutes: budget.unit === 'minutes' ? mark : clock.ms / 60_000,
        steps: session.step,
        val_questions: after.questions,
        before: untrained.accuracy,
        after: after.accuracy,
        ...(sampledEval ? { greedy_before: untrained.greedy, greedy_after: after.greedy, greedy_format_before: untrained.greedyFormat, greedy_format_after: after.greedyFormat } : {}),
        zero_spread_fraction: zeroSpreadByAgent(trajectories),
        local_first5: windows.first,
        local_last5: windows.last,
        global_first5: globals.first,
        global_last5: globals.last,
        global_by_step: metrics.map((m) => m.global.mean),
        format_before: formatByAgent(untrained),
        format_after: formatByAgent(after),
        by_type: Object.fromEntries(Object.entries(after.byType).map(([k, v]) => [k, v.accuracy])),
        train_ms: clock.ms,
        eval_ms: evalMs,
      };
      rows.push(row);
      rowMetrics.set(row, metrics.slice());
      log(`${mode} seed ${seed} at ${mark} ${unit}: ${session.step} steps in ${(clock.ms / 60_000).toFixed(1)} min, val accuracy ${untrained.accuracy.toFixed(3)} → ${after.accuracy.toFixed(3)} on ${after.questions} questions${sampledEval ? ` (${evalSamples} answers each at T ${evalTemperature}; greedy ${untrained.greedy.toFixed(3)} → ${after.greedy.toFixed(3)})` : ''}`);
    }
    close();
  }
  if (frozenControl) {
    // The frozen team: as many steps as the seed's longest run, on the same questions step for step.
    const seedRows = rows.filter((r) => r.seed === seed);
    const steps = Math.max(...seedRows.map((r) => r.steps));
    const { session, close } = await openSession({ ...setupOf(modes[0], seed), frozenControl: true });
    const clock = { ms: 0 };
    const metrics: StepMetrics[] = [];
    while (session.step < steps) metrics.push((await loggedStep(session, `frozen team seed ${seed}`, clock)).metrics);
    close();
    const windows = localRewardWindows(metrics, 5);
    const globals = globalWindows(metrics);
    const globalByStep = metrics.map((m) => m.global.mean);
    controls.push({ seed, steps, minutes: clock.ms / 60_000, local_first5: windows.first, local_last5: windows.last, local_by_step: perAgent((a) => metrics.map((m) => m.local[a].mean)), global_first5: globals.first, global_last5: globals.last, global_by_step: globalByStep });
    for (const row of seedRows) {
      const own = rowMetrics.get(row) ?? [];
      const control = localRewardWindows(metrics.slice(0, own.length), 5);
      const controlGlobal = globalWindows(metrics.slice(0, own.length));
      const paired = beyondControl(own, metrics, 5);
      const pairedGlobal = seriesBeyondControl(own.map((m) => m.global.mean), globalByStep, 5);
      Object.assign(row, {
        frozen_local_first5: control.first,
        frozen_local_last5: control.last,
        local_rise_beyond_frozen: paired.rise,
        local_late_beyond_frozen: paired.late,
        frozen_global_first5: controlGlobal.first,
        frozen_global_last5: controlGlobal.last,
        global_rise_beyond_frozen: pairedGlobal.rise,
        global_late_beyond_frozen: pairedGlobal.late,
      } satisfies Partial<Row>);
    }
    log(`frozen team seed ${seed}: ${steps} steps, local first 5 → last 5 ${AGENT_NAMES.map((a) => `${windows.first[a].toFixed(3)} → ${windows.last[a].toFixed(3)}`).join(' / ')}`);
  }
}

const perAgentStat = (r: Row[], pick: (x: Row) => PerAgent<number>) => Object.fromEntries(AGENT_NAMES.map((a) => [a, meanStd(r.map((x) => pick(x)[a]))]));
const summary = marks.flatMap((mark) =>
  modes.map((mode) => {
    const r = rows.filter((x) => x.mode === mode && markOf(x) === mark);
    return {
      mode,
      // A minutes budget: the mark (as in earlier JSON); a step budget: the mean minutes its steps took (steps is then the mark).
      minutes: budget.unit === 'minutes' ? mark : meanStd(r.map((x) => x.minutes)),
      seeds: r.map((x) => x.seed),
      steps: meanStd(r.map((x) => x.steps)),
      val_questions: meanStd(r.map((x) => x.val_questions)),
      before: meanStd(r.map((x) => x.before)),
      after: meanStd(r.map((x) => x.after)),
      points: meanStd(r.map((x) => 100 * (x.after - x.before))),
      ...(sampledEval ? { greedy_points: meanStd(r.map((x) => 100 * ((x.greedy_after ?? 0) - (x.greedy_before ?? 0)))) } : {}),
      zero_spread_fraction: perAgentStat(r, (x) => x.zero_spread_fraction),
      local_first5: perAgentStat(r, (x) => x.local_first5),
      local_last5: perAgentStat(r, (x) => x.local_last5),
      global_first5: meanStd(r.map((x) => x.global_first5)),
      global_last5: meanStd(r.map((x) => x.global_last5)),
      ...(frozenControl
        ? {
            local_rise_beyond_frozen: perAgentStat(r, (x) => x.local_rise_beyond_frozen ?? perAgent(() => Number.NaN)),
            local_late_beyond_frozen: perAgentStat(r, (x) => x.local_late_beyond_frozen ?? perAgent(() => Number.NaN)),
            global_rise_beyond_frozen: meanStd(r.map((x) => x.global_rise_beyond_frozen ?? Number.NaN)),
            global_late_beyond_frozen: meanStd(r.map((x) => x.global_late_beyond_frozen ?? Number.NaN)),
          }
        : {}),
    };
  }),
);
const result = { ...(budget.unit === 'minutes' ? { minutes: budget.size } : { steps: budget.size }), evalAt: marks, learningRate: lr ?? null, learningRateScale: learningRateScale ?? null, beta: beta ?? null, scaleRewards: scaleRewards ?? null, matchThreshold: matchThreshold ?? null, answerGrounding: answerGroundingWeight ?? null, questionsPerStep, generations: generations ?? null, temperature: temperature ?? null, independentAgent: independentAgent ?? null, model: modelName, world, restate: values.restate, ...worldKnobs, answerFormat, history, evalLimit: evalLimit ?? null, evalTemperature, evalSamples, backend: 'wasm', frozenControl, rows, controls, summary };
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'bench-train.json'), JSON.stringify(result, null, 2));
const pct = (m: { mean: number; std: number }) => `${(100 * m.mean).toFixed(1)} ± ${(100 * m.std).toFixed(1)}%`;
const trio = (x: Record<string, { mean: number; std: number }>, f: (m: { mean: number; std: number }) => string) => AGENT_NAMES.map((a) => f(x[a])).join(' / ');
const signed = (m: { mean: number }) => `${m.mean >= 0 ? '+' : ''}${m.mean.toFixed(3)}`;
/** A summary line's budget mark, in its unit (a step budget adds the mean minutes those steps took). */
const mark = (s: (typeof summary)[number]) =>
  typeof s.minutes === 'number' ? `${String(s.minutes)} min` : `${String(s.steps.mean)} steps (${s.minutes.mean.toFixed(1)} min)`;
if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  const table = [
    `| credit mode | budget | seeds | steps | val questions | val accuracy before | after | change (points) | zero-spread E / P / R | local first 5 → last 5 (E / P / R) |${frozenControl ? ' rise beyond the frozen team, E / P / R; global |' : ''}`,
    `|---|---|---|---|---|---|---|---|---|---|${frozenControl ? '---|' : ''}`,
    ...summary.map(
      (s) =>
        `| ${s.mode} | ${mark(s)} | ${s.seeds.join(', ')} | ${s.steps.mean.toFixed(1)} | ${s.val_questions.mean.toFixed(0)} | ${pct(s.before)} | ${pct(s.after)} | ${s.points.mean.toFixed(1)} ± ${s.points.std.toFixed(1)} | ${trio(s.zero_spread_fraction, (m) => m.mean.toFixed(2))} | ${trio(s.local_first5, (m) => m.mean.toFixed(3))} → ${trio(s.local_last5, (m) => m.mean.toFixed(3))} |${s.local_rise_beyond_frozen === undefined || s.global_rise_beyond_frozen === undefined ? '' : ` ${trio(s.local_rise_beyond_frozen, signed)}; ${signed(s.global_rise_beyond_frozen)} |`}`,
    ),
  ].join('\n');
  process.stdout.write(`${table}\n`);
}

// A run config as a person writes it (the CLI's --config file) and the CLI's flags over it: checked whole,
// at every level, before anything is written: unknown keys (with "did you mean"), types, partial objects
// filled from the base (the run's defaults on the chosen world).

import { AGENT_NAMES } from '../agents/names';
import { defaultPromptTexts } from '../agents/registry';
import { COLD_START_DEFAULTS, type RunSetup } from './runSetup';
import { OPTIM_DEFAULTS } from '../rl/optim/optimSetup';
import type { ModelRef } from '../model/modelRef';
import { parsePrecision } from '../model/quant/pack';
import { closestName, copyConfig, resolveConfig, type PresetName } from '../rl/config';
import { ConfigError } from '../rl/errors';
import { defaultSetup, lessonSessions, RUN_DEFAULTS, validateSetup, withWorldModel, worldPreset, worldQuestionsPerStep, type RunWorld, type SetupProblem } from './setup';

type Leaf = 'number' | 'string' | 'boolean' | 'strings';
type Shape = Readonly<Record<string, Leaf>>;

const SHAPES = Object.freeze({
  lora: { r: 'number', alpha: 'number', targets: 'strings' },
  optim: { weight_decay: 'number', max_grad_norm: 'number', lr_scheduler_type: 'string', warmup_steps: 'number' },
  coldStart: { steps: 'number', lr: 'number' },
  prompts: Object.fromEntries(AGENT_NAMES.map((a) => [a, 'string'])),
} satisfies Record<string, Shape>);

/** The shapes of the objects that come in kinds: `kind` picks one. */
const KINDS = Object.freeze({
  dataset: {
    synthetic: {
      kind: 'string',
      seed: 'number',
      personas: 'number',
      sessionsPerPersona: 'number',
      turnsPerSession: 'number',
      distractorRatio: 'number',
      style: 'string',
      topicsPerPersona: 'number',
      questionsPerType: 'number',
      restate: 'boolean',
    },
    stored: { kind: 'string', id: 'string' },
  },
  judge: { rubric: { kind: 'string' }, 'frozen-base': { kind: 'string' }, webllm: { kind: 'string', modelId: 'string', allowFallback: 'boolean' } },
  model: { bundled: { kind: 'string', name: 'string' }, folder: { kind: 'string', name: 'string' }, hub: { kind: 'string', repo: 'string', revision: 'string' } },
} satisfies Record<string, Record<string, Shape>>);

/** Keys an object may leave out (a synthetic world's optional knobs take the generator's defaults). */
const OPTIONAL: Readonly<Record<string, readonly string[]>> = Object.freeze({ dataset: ['style', 'topicsPerPersona', 'questionsPerType', 'restate'] });

const SCALARS: Shape = { precision: 'string', questionsPerStep: 'number', steps: 'number', checkpointEvery: 'number', seed: 'number', maxPromptTokens: 'number', frozenControl: 'boolean' };

/** Every key a run config may have at its top level. */
export const RUN_CONFIG_KEYS: readonly string[] = Object.freeze([...Object.keys(KINDS), ...Object.keys(SHAPES), 'rl', ...Object.keys(SCALARS)]);

/** "bundled:NAME" or a folder path → a ModelRef (the `--model` flag's and a config's string form). */
export function parseModelArg(arg: string): ModelRef {
  return arg.startsWith('bundled:') ? { kind: 'bundled', name: arg.slice('bundled:'.length) } : { kind: 'folder', name: arg };
}

/** A problem; `blocking` ones (a wrong type, a missing field) keep the setup's own validator from running on it. */
type Problem = SetupProblem & { blocking?: true };

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOk(v: unknown, leaf: Leaf): boolean {
  if (leaf === 'strings') return Array.isArray(v) && v.every((x) => typeof x === 'string');
  return typeof v === leaf && (leaf !== 'number' || Number.isFinite(v));
}

const LEAF_NAMES: Readonly<Record<Leaf, string>> = { number: 'a finite number', string: 'a string', boolean: 'true or false', strings: 'a list of strings' };

/** Unknown keys (with a hint) and wrong types of one object level, as problems under `path`. */
function shapeProblems(path: string, value: Obj, shape: Shape): Problem[] {
  const known = Object.keys(shape);
  const p: Problem[] = [];
  for (const key of Object.keys(value)) {
    const field = path === '' ? key : `${path}.${key}`;
    const leaf = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (leaf === undefined) {
      const hint = closestName(key, known);
      p.push({ field, message: `unknown setting.${hint ? ` Did you mean "${hint}"?` : ''} Known here: ${known.join(', ')}.` });
    } else if (!typeOk(value[key], leaf)) p.push({ field, message: `expected ${LEAF_NAMES[leaf]}, got ${JSON.stringify(value[key]) ?? 'nothing'}.`, blocking: true });
  }
  return p;
}

/** A partial object filled from its base; a kind change takes none of the base's fields. */
function fill(name: string, given: unknown, base: unknown, shape: Shape | undefined, p: Problem[]): unknown {
  if (!isObject(given)) {
    p.push({ field: name, message: `expected an object, got ${JSON.stringify(given)}.`, blocking: true });
    return base;
  }
  if (shape === undefined) return base;
  p.push(...shapeProblems(name, given, shape));
  const from = isObject(base) && (!('kind' in given) || base.kind === given.kind) ? base : {};
  const out: Obj = { ...from, ...given };
  const optional = OPTIONAL[name] ?? [];
  const needed = Object.keys(shape).filter((key) => !optional.includes(key));
  for (const key of needed) if (!(key in out)) p.push({ field: `${name}.${key}`, message: `missing; a "${String(out.kind)}" ${name} needs ${needed.join(', ')}.`, blocking: true });
  return out;
}

function kindShape(name: keyof typeof KINDS, given: unknown, base: Obj, p: Problem[]): Shape | undefined {
  const kinds: Record<string, Shape> = KINDS[name];
  const kind = isObject(given) ? (given.kind ?? base.kind) : undefined;
  if (!isObject(given)) return undefined;
  if (typeof kind !== 'string' || !Object.hasOwn(kinds, kind)) {
    p.push({ field: `${name}.kind`, message: `expected one of ${Object.keys(kinds).map((k) => `"${k}"`).join(', ')}, got ${JSON.stringify(kind)}.`, blocking: true });
    return undefined;
  }
  return kinds[kind];
}

function describe(problems: readonly SetupProblem[], source: string): string {
  const lines = problems.map((x) => (x.message.startsWith('Config field') ? x.message : `Config field "${x.field}": ${x.message}`));
  return `${source} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${lines.join(' ')}`;
}

/**
 * The RunSetup a config object asks for: `base` with the config's fields over it (partial `lora`,
 * `optim`, `coldStart`, `prompts`, `dataset`, `judge` filled from the base; `rl` from the defaults and
 * `preset`, or without one the preset the config's world was tuned with (worldPreset), its answer_format from the
 * base unless given; `model` as an object or a "bundled:NAME" / path string), checked whole. Throws one
 * ConfigError naming every bad field and its fix. Example: `{"lora": {"rank": 4}}` →
 * `Config field "lora.rank": unknown setting. Did you mean "r"?`.
 */
export function setupFromConfig(input: unknown, base: RunSetup, preset?: PresetName, source = 'The config'): RunSetup {
  if (!isObject(input)) throw new ConfigError(`${source} must be a JSON object of run settings, got ${JSON.stringify(input)}.`, { field: '(config)' });
  const p: Problem[] = [];
  for (const key of Object.keys(input)) {
    if (!RUN_CONFIG_KEYS.includes(key)) {
      const hint = closestName(key, RUN_CONFIG_KEYS);
      p.push({ field: key, message: `unknown setting.${hint ? ` Did you mean "${hint}"?` : ''} Known settings: ${RUN_CONFIG_KEYS.join(', ')}.` });
    }
  }
  p.push(...shapeProblems('', Object.fromEntries(Object.entries(input).filter(([k]) => Object.hasOwn(SCALARS, k))), SCALARS));
  const setup: RunSetup = { ...base, rl: copyConfig(base.rl) };
  for (const key of Object.keys(SCALARS)) if (Object.hasOwn(input, key)) Object.assign(setup, { [key]: input[key] });
  const model = typeof input.model === 'string' ? parseModelArg(input.model) : input.model;
  for (const [name, given] of [['dataset', input.dataset], ['judge', input.judge], ['model', model]] as const) {
    if (given === undefined) continue;
    const baseValue = setup[name] as unknown as Obj;
    Object.assign(setup, { [name]: fill(name, given, baseValue, kindShape(name, given, baseValue, p), p) });
  }
  // A lesson the config gives no session count has its world's (three plain, four restated), as a link's; questions a
  // step it does not give follow the world when the base had its own world's.
  const d = setup.dataset;
  if (isObject(input.dataset) && input.dataset.sessionsPerPersona === undefined && d.kind === 'synthetic' && d.style === 'lesson') setup.dataset = { ...d, sessionsPerPersona: lessonSessions(d.restate === true) };
  if (!Object.hasOwn(input, 'questionsPerStep') && base.questionsPerStep === worldQuestionsPerStep(base)) setup.questionsPerStep = worldQuestionsPerStep(setup);
  const partials = { lora: setup.lora, optim: { ...OPTIM_DEFAULTS, ...setup.optim }, prompts: setup.prompts, coldStart: { ...COLD_START_DEFAULTS, ...setup.coldStart } };
  for (const name of ['lora', 'optim', 'prompts', 'coldStart'] as const) {
    if (input[name] !== undefined) Object.assign(setup, { [name]: fill(name, input[name], partials[name], SHAPES[name], p) });
  }
  try {
    // The answer format goes with the base's prompts and model (the lesson's text), unless the config sets it.
    // Without a preset, the one the world was tuned with (the config's world: a plain lesson's is classroom's).
    setup.rl = resolveConfig(isObject(input.rl) ? { answer_format: base.rl.answer_format, ...input.rl } : (input.rl ?? { answer_format: base.rl.answer_format }), preset ?? worldPreset(setup));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    p.push({ field: `rl.${String(err.data.field)}`, message: err.message });
  }
  // A Retriever prompt the config does not give is the default of the answer format it asks for.
  const givenPrompts = isObject(input.prompts) ? input.prompts : {};
  if (givenPrompts.retriever === undefined) setup.prompts = { ...setup.prompts, retriever: defaultPromptTexts(setup.rl.answer_format).retriever };
  // The setup's own validator only sees well-typed values: after a wrong type or a missing field, those are reported alone.
  if (!p.some((x) => x.blocking)) p.push(...validateSetup(setup));
  if (p.length > 0) throw new ConfigError(describe(p, source), { field: p[0].field });
  return setup;
}

/**
 * A RunSetup from a config object (a partial run setup, checked whole by setupFromConfig: a ConfigError
 * names every bad field), a preset and flags, over the run's defaults on the chosen world (run/setup.ts
 * RUN_DEFAULTS, the page's too); flags win over the file. Without a model from either, a restated lesson runs
 * on the restated model (withWorldModel), as the page's checkbox moves it.
 */
export function buildSetup(
  config: unknown,
  flags: { preset?: PresetName; steps?: number; seed?: number; model?: string; precision?: string; world?: RunWorld; coldStartSteps?: number; coldStartLr?: number; frozenControl?: boolean },
  source = 'The config',
): RunSetup {
  const file = typeof config === 'object' && config !== null && !Array.isArray(config) ? (config as Record<string, unknown>) : undefined;
  const seed = flags.seed ?? (typeof file?.seed === 'number' ? file.seed : RUN_DEFAULTS.seed.value);
  const given = {
    ...(file ?? {}),
    ...(flags.steps !== undefined ? { steps: flags.steps } : {}),
    ...(flags.model !== undefined ? { model: flags.model } : {}),
    ...(flags.precision !== undefined ? { precision: parsePrecision(flags.precision) } : {}),
    ...(flags.frozenControl === true ? { frozenControl: true } : {}),
    seed,
  };
  const fromConfig = setupFromConfig(file ? given : config, defaultSetup({ world: flags.world, seed }), flags.preset, source);
  const setup = flags.model === undefined && file?.model === undefined ? withWorldModel(fromConfig) : fromConfig;
  if (flags.coldStartSteps !== undefined || flags.coldStartLr !== undefined) {
    // 0 steps switches the stage off (also one a config file asked for).
    const steps = flags.coldStartSteps ?? setup.coldStart?.steps ?? COLD_START_DEFAULTS.steps;
    if (steps === 0) delete setup.coldStart;
    else setup.coldStart = { steps, lr: flags.coldStartLr ?? setup.coldStart?.lr ?? COLD_START_DEFAULTS.lr };
  }
  return setup;
}

// The URL owns the settings that define what the page runs, so a link reproduces it: the backend
// and the whole RunSetup. Bad or unknown parameters become messages shown in the page, never a crash.

import { AGENT_NAMES } from '../agents/names';
import { ANSWER_FORMATS } from '../agents/retriever/answer';
import { WORLD_STYLES, type WorldStyle } from '../env/worldConfig';
import { parseBackendPreference, type BackendPreference } from '../model/backendInfo';
import { CREDIT_MODES, DEFAULT_CONFIG, hasOneLearningRate, INDEPENDENT_AGENTS, isPerAgentKey, LOSS_TYPES, NDCG_TIES, resolveConfig, SCALE_REWARDS, type RlConfig } from '../rl/config';
import { COLD_START_DEFAULTS, type RunSetup } from './runSetup';
import { OPTIM_DEFAULTS, type OptimSetup } from '../rl/optim/optimSetup';
import { PRECISIONS, type ModelRef } from '../model/modelRef';
import type { JudgeRef } from '../judge/judgeRef';
import { LR_SCHEDULES } from '../rl/optim/schedule';
import { DEFAULT_PERSONA_WORLD, DEFAULT_SYNTHETIC, defaultPrompts, defaultSetup, lessonSessions, withWorldModel, worldPreset, worldQuestionsPerStep } from './setup';

export interface UrlState {
  backend: BackendPreference;
  setup: RunSetup;
  /** Classroom mode: the presenter layout (classroom=1). */
  classroom: boolean;
  /** Human-readable problems with the URL's parameters, shown in the page (never a crash). */
  problems: string[];
}

const RL_KEYS = Object.keys(DEFAULT_CONFIG) as (keyof RlConfig)[];
const RL_ENUMS: Partial<Record<keyof RlConfig, readonly string[]>> = {
  loss_type: LOSS_TYPES,
  scale_rewards: SCALE_REWARDS,
  answer_format: ANSWER_FORMATS,
  credit_mode: CREDIT_MODES,
  ndcg_ties: NDCG_TIES,
  independent_agent: INDEPENDENT_AGENTS,
};

// Every parameter is spelled as the setting's path in RunSetup (`dataset.personas`, `rl.beta`,
// `checkpointEvery`), the same name the config file, the validator's messages and the stored run use.
const DATA_KEYS = {
  'dataset.seed': 'seed',
  'dataset.personas': 'personas',
  'dataset.sessionsPerPersona': 'sessionsPerPersona',
  'dataset.turnsPerSession': 'turnsPerSession',
  'dataset.distractorRatio': 'distractorRatio',
} as const;
/** Knobs a synthetic ref may leave out (the generator's default then): written only when set. */
const DATA_OPTIONAL = { 'dataset.topicsPerPersona': 'topicsPerPersona', 'dataset.questionsPerType': 'questionsPerType' } as const;
const TOP_KEYS = { questionsPerStep: 'questionsPerStep', steps: 'steps', checkpointEvery: 'checkpointEvery', seed: 'seed', maxPromptTokens: 'maxPromptTokens' } as const;
const OPTIM_NUMBERS = ['weight_decay', 'max_grad_norm', 'warmup_steps'] as const;

/**
 * The spellings links used before every parameter took its RunSetup path: still read (a saved link keeps
 * working), never written. Old → new.
 */
export const LEGACY_URL_KEYS: Readonly<Record<string, string>> = Object.freeze({
  data: 'dataset',
  'data.id': 'dataset.id',
  'data.seed': 'dataset.seed',
  'data.personas': 'dataset.personas',
  'data.sessions': 'dataset.sessionsPerPersona',
  'data.turns': 'dataset.turnsPerSession',
  'data.distractors': 'dataset.distractorRatio',
  'data.style': 'dataset.style',
  'data.topics': 'dataset.topicsPerPersona',
  'data.questions': 'dataset.questionsPerType',
  'judge.fallback': 'judge.allowFallback',
  ...Object.fromEntries(AGENT_NAMES.map((a) => [`prompt.${a}`, `prompts.${a}`])),
  questions: 'questionsPerStep',
  checkpoint_every: 'checkpointEvery',
  'cold_start.steps': 'coldStart.steps',
  'cold_start.lr': 'coldStart.lr',
});

/** Every parameter name the page knows. */
export const URL_KEYS: readonly string[] = Object.freeze([
  'backend',
  'classroom',
  'dataset',
  'dataset.id',
  ...Object.keys(DATA_KEYS),
  'dataset.style',
  ...Object.keys(DATA_OPTIONAL),
  'dataset.restate',
  'model',
  'precision',
  'judge',
  'judge.allowFallback',
  ...AGENT_NAMES.map((a) => `prompts.${a}`),
  ...RL_KEYS.map((k) => `rl.${k}`),
  'lora.r',
  'lora.alpha',
  'lora.targets',
  ...Object.keys(TOP_KEYS),
  ...OPTIM_NUMBERS.map((k) => `optim.${k}`),
  'optim.lr_scheduler_type',
  'coldStart.steps',
  'coldStart.lr',
  'frozenControl',
]);

function modelToParam(m: ModelRef): string {
  if (m.kind === 'hub') return `hub:${m.repo}@${m.revision}`;
  return `${m.kind}:${m.name}`;
}

function judgeToParam(j: JudgeRef): string {
  return j.kind === 'webllm' ? `webllm:${j.modelId}` : j.kind;
}

/** The query string (without "?") that reproduces `setup` (and the backend unless "auto", classroom mode when on). Prompts are written only when edited. */
export function writeUrlState(setup: RunSetup, backend: BackendPreference = 'auto', view: { classroom?: boolean } = {}): string {
  const p = new URLSearchParams();
  if (backend !== 'auto') p.set('backend', backend);
  if (view.classroom) p.set('classroom', '1');
  const d = setup.dataset;
  if (d.kind === 'stored') {
    p.set('dataset', 'stored');
    p.set('dataset.id', d.id);
  } else {
    p.set('dataset', 'synthetic');
    for (const [param, key] of Object.entries(DATA_KEYS)) p.set(param, String(d[key]));
    if (d.style !== undefined) p.set('dataset.style', d.style);
    for (const [param, key] of Object.entries(DATA_OPTIONAL)) if (d[key] !== undefined) p.set(param, String(d[key]));
    if (d.restate === true) p.set('dataset.restate', '1');
  }
  p.set('model', modelToParam(setup.model));
  p.set('precision', setup.precision);
  p.set('judge', judgeToParam(setup.judge));
  if (setup.judge.kind === 'webllm') p.set('judge.allowFallback', setup.judge.allowFallback ? '1' : '0');
  const defaults = defaultPrompts(setup.rl.answer_format);
  for (const a of AGENT_NAMES) if (setup.prompts[a] !== defaults[a]) p.set(`prompts.${a}`, setup.prompts[a]);
  for (const k of RL_KEYS) {
    // Chunked extraction's settings are written only when it is on, so links made before it stay as they were.
    if (setup.rl.chunk_tokens === null && (k === 'chunk_tokens' || k === 'memory_tokens')) continue;
    // Answer grounding likewise only when on: a link without it means the paper's Eq. 11.
    if (k === 'answer_grounding' && setup.rl.answer_grounding === 0) continue;
    // Per-agent learning rates likewise only when one differs: a link without them means one rate for all.
    if (k === 'learning_rate_scale' && hasOneLearningRate(setup.rl)) continue;
    if (isPerAgentKey(k)) p.set(`rl.${k}`, AGENT_NAMES.map((a) => String(setup.rl[k][a])).join(','));
    else p.set(`rl.${k}`, String(setup.rl[k]));
  }
  p.set('lora.r', String(setup.lora.r));
  p.set('lora.alpha', String(setup.lora.alpha));
  p.set('lora.targets', setup.lora.targets.join(','));
  for (const [param, key] of Object.entries(TOP_KEYS)) if (setup[key] !== undefined) p.set(param, String(setup[key]));
  // Optimizer settings are written only when set (an omitted one is the trainer's default).
  for (const k of OPTIM_NUMBERS) if (setup.optim?.[k] !== undefined) p.set(`optim.${k}`, String(setup.optim[k]));
  if (setup.optim?.lr_scheduler_type !== undefined) p.set('optim.lr_scheduler_type', setup.optim.lr_scheduler_type);
  if (setup.coldStart) {
    p.set('coldStart.steps', String(setup.coldStart.steps));
    p.set('coldStart.lr', String(setup.coldStart.lr));
  }
  if (setup.frozenControl === true) p.set('frozenControl', '1');
  return p.toString();
}

/** Parse "12", "1e-4", "-0.5"; undefined for anything else (empty, "abc", "Infinity"). */
function toNumber(raw: string): number | undefined {
  if (raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The parameters with every legacy spelling read as its RunSetup path (the current spelling wins when a
 * link has both), and the legacy name each one came from, so a problem names what the link says.
 */
function withCurrentNames(search: string): { params: URLSearchParams; spelled: Map<string, string> } {
  const given = new URLSearchParams(search);
  const params = new URLSearchParams();
  const spelled = new Map<string, string>();
  for (const [key, value] of given) {
    const current = Object.hasOwn(LEGACY_URL_KEYS, key) ? LEGACY_URL_KEYS[key] : undefined;
    if (current === undefined) params.append(key, value);
    else if (!given.has(current)) {
      params.set(current, value);
      spelled.set(current, key);
    }
  }
  return { params, spelled };
}

export function readUrlState(search: string): UrlState {
  const { params, spelled } = withCurrentNames(search);
  const problems: string[] = [];
  const setup = defaultSetup();
  const bad = (key: string, raw: string, expected: string, kept: unknown) =>
    problems.push(`URL parameter "${spelled.get(key) ?? key}": ${JSON.stringify(raw)} is not ${expected}; kept ${JSON.stringify(kept)}.`);
  const number = (key: string, kept: number): number => {
    const raw = params.get(key);
    if (raw === null) return kept;
    const n = toNumber(raw);
    if (n === undefined) {
      bad(key, raw, 'a number', kept);
      return kept;
    }
    return n;
  };
  /** A 1/0 (or true/false) parameter: its value, undefined when absent or bad (a bad one is reported as kept off). */
  const flag = (key: string): boolean | undefined => {
    const raw = params.get(key);
    if (raw === '1' || raw === 'true') return true;
    if (raw === '0' || raw === 'false') return false;
    if (raw !== null) bad(key, raw, '1 or 0', false);
    return undefined;
  };

  let backend: BackendPreference = 'auto';
  try {
    backend = parseBackendPreference(params.get('backend'));
  } catch (err) {
    problems.push(err instanceof Error ? err.message : String(err));
  }

  const classroom = flag('classroom') === true;

  for (const key of new Set(params.keys())) {
    if (!URL_KEYS.includes(key)) problems.push(`Unknown URL parameter "${key}" was ignored. Copy a fresh link with "Copy link".`);
  }

  // Whether the link sets the world's knobs (every copied link does; "dataset.restate" and the style are apart).
  const knobs = Object.keys(DATA_KEYS).some((k) => params.has(k));
  // A link that sets the world's knobs but no style was written before the lesson became the default (a
  // lesson link always names dataset.style): it meant the persona world, with letters unless it names a format.
  const personaLink = params.get('dataset.style') === null && knobs;
  const data = params.get('dataset');
  if (data === 'stored') {
    setup.dataset = { kind: 'stored', id: params.get('dataset.id') ?? '' };
  } else {
    if (data !== null && data !== 'synthetic') bad('dataset', data, '"synthetic" or "stored"', 'synthetic');
    const d: typeof DEFAULT_SYNTHETIC = personaLink ? { ...DEFAULT_PERSONA_WORLD } : { ...DEFAULT_SYNTHETIC };
    for (const [param, key] of Object.entries(DATA_KEYS)) d[key] = number(param, d[key]);
    const style = params.get('dataset.style');
    if (style !== null) {
      if ((WORLD_STYLES as readonly string[]).includes(style)) d.style = style as WorldStyle;
      else bad('dataset.style', style, `one of ${WORLD_STYLES.join(', ')}`, 'persona');
    }
    for (const [param, key] of Object.entries(DATA_OPTIONAL)) {
      const v = number(param, Number.NaN);
      if (!Number.isNaN(v)) d[key] = v;
    }
    // The default lesson is restated; a link that gives the world's knobs without dataset.restate was copied
    // from (or written for) the plain lesson, which was the default before the restated one.
    const restate = flag('dataset.restate');
    if (restate === true) d.restate = true;
    else if (restate === false || knobs || d.style !== 'lesson') delete d.restate;
    // A lesson link without a session count (one written by hand) has its world's: three plain, four restated.
    if (d.style === 'lesson' && !params.has('dataset.sessionsPerPersona')) d.sessionsPerPersona = lessonSessions(d.restate === true);
    setup.dataset = d;
  }
  // GRPO settings the link leaves out are its world's (the restated lesson's preset differs from the plain one's),
  // and so are its questions a step (read below when the link has them).
  setup.rl = resolveConfig({ answer_format: setup.rl.answer_format }, worldPreset(setup));
  setup.questionsPerStep = worldQuestionsPerStep(setup);

  const model = params.get('model');
  // A link without a model (one written by hand) takes its world's: a restated lesson's is the restated model.
  if (model === null) setup.model = withWorldModel(setup).model;
  else {
    const colon = model.indexOf(':');
    const kind = model.slice(0, colon);
    const rest = model.slice(colon + 1);
    if (colon > 0 && (kind === 'bundled' || kind === 'folder')) setup.model = { kind, name: rest };
    else if (colon > 0 && kind === 'hub') {
      const at = rest.lastIndexOf('@');
      setup.model = at > 0 ? { kind: 'hub', repo: rest.slice(0, at), revision: rest.slice(at + 1) } : { kind: 'hub', repo: rest, revision: 'main' };
    } else bad('model', model, '"bundled:<name>", "hub:<owner/name>@<revision>" or "folder:<name>"', modelToParam(setup.model));
  }

  const precision = params.get('precision');
  if (precision !== null) {
    if ((PRECISIONS as readonly string[]).includes(precision)) setup.precision = precision as RunSetup['precision'];
    else bad('precision', precision, `one of ${PRECISIONS.join(', ')}`, setup.precision);
  }

  const judge = params.get('judge');
  if (judge !== null) {
    if (judge === 'rubric' || judge === 'frozen-base') setup.judge = { kind: judge };
    else if (judge.startsWith('webllm:')) setup.judge = { kind: 'webllm', modelId: judge.slice('webllm:'.length), allowFallback: params.get('judge.allowFallback') === '1' };
    else bad('judge', judge, '"rubric", "frozen-base" or "webllm:<model id>"', 'rubric');
  }

  for (const a of AGENT_NAMES) {
    const text = params.get(`prompts.${a}`);
    if (text !== null) setup.prompts[a] = text;
  }

  const rl = setup.rl as unknown as Record<string, unknown>;
  for (const k of RL_KEYS) {
    const key = `rl.${k}`;
    const raw = params.get(key);
    if (raw === null) continue;
    const options = RL_ENUMS[k];
    if (options) {
      if (options.includes(raw)) rl[k] = raw;
      else bad(key, raw, `one of ${options.join(', ')}`, rl[k]);
    } else if (isPerAgentKey(k)) {
      const parts = raw.split(',').map(toNumber);
      if (parts.length === AGENT_NAMES.length && parts.every((x) => x !== undefined)) {
        setup.rl[k] = { extractor: parts[0], profiler: parts[1], retriever: parts[2] };
      } else bad(key, raw, 'three numbers "extractor,profiler,retriever"', AGENT_NAMES.map((a) => setup.rl[k][a]).join(','));
    } else if ((k === 'epsilon_high' || k === 'chunk_tokens') && raw === 'null') {
      rl[k] = null;
    } else {
      rl[k] = number(key, rl[k] as number);
    }
  }

  if (personaLink && params.get('rl.answer_format') === null) setup.rl.answer_format = 'letter';
  // "Copy link" writes answer grounding and per-agent rates only when on, so in a copied link (it names its
  // model) their absence means off; a letter answer grounds nothing. A hand-written link keeps its world's.
  if (params.get('rl.answer_grounding') === null && (model !== null || setup.rl.answer_format === 'letter')) setup.rl.answer_grounding = 0;
  if (params.get('rl.learning_rate_scale') === null && model !== null) setup.rl.learning_rate_scale = { ...DEFAULT_CONFIG.learning_rate_scale };
  // Without its own prompt parameter, the Retriever's prompt is the default of the URL's answer format.
  if (params.get('prompts.retriever') === null) setup.prompts.retriever = defaultPrompts(setup.rl.answer_format).retriever;

  setup.lora.r = number('lora.r', setup.lora.r);
  setup.lora.alpha = number('lora.alpha', setup.lora.alpha);
  const targets = params.get('lora.targets');
  if (targets !== null) setup.lora.targets = targets.split(',').map((t) => t.trim()).filter((t) => t !== '');
  for (const [param, key] of Object.entries(TOP_KEYS)) {
    const v = number(param, setup[key] ?? Number.NaN);
    if (!Number.isNaN(v)) setup[key] = v;
  }
  const optim: NonNullable<RunSetup['optim']> = {};
  for (const k of OPTIM_NUMBERS) {
    const v = number(`optim.${k}`, Number.NaN);
    if (!Number.isNaN(v)) optim[k] = v;
  }
  const schedule = params.get('optim.lr_scheduler_type');
  if (schedule !== null) {
    if ((LR_SCHEDULES as readonly string[]).includes(schedule)) optim.lr_scheduler_type = schedule as OptimSetup['lr_scheduler_type'];
    else bad('optim.lr_scheduler_type', schedule, `one of ${LR_SCHEDULES.join(', ')}`, OPTIM_DEFAULTS.lr_scheduler_type);
  }
  if (Object.keys(optim).length > 0) setup.optim = optim;
  // Cold-start SFT is on when either of its parameters is present (the other takes its default).
  if (params.has('coldStart.steps') || params.has('coldStart.lr')) {
    setup.coldStart = { steps: number('coldStart.steps', COLD_START_DEFAULTS.steps), lr: number('coldStart.lr', COLD_START_DEFAULTS.lr) };
  }
  if (flag('frozenControl') === true) setup.frozenControl = true;

  return { backend, setup, classroom, problems };
}

/** The page's address with `backend` as its ?backend= (none for auto), every other parameter kept. */
export function urlWithBackend(href: string, backend: BackendPreference): string {
  const url = new URL(href);
  if (backend === 'auto') url.searchParams.delete('backend');
  else url.searchParams.set('backend', backend);
  return url.toString();
}

// The one typed training config: GRPO settings under TRL's names, CoMAM's settings under clear
// names, each with its default and source; the validator with fix-it errors; the presets.

import { AGENT_NAMES, isAgentName, type AgentName, type PerAgent } from '../agents/names';
import { ANSWER_FORMATS, type AnswerFormat } from '../agents/retriever/answer';
import { ConfigError } from './errors';

export const LOSS_TYPES = ['grpo', 'bnpo', 'dr_grpo', 'dapo'] as const;
export type LossType = (typeof LOSS_TYPES)[number];

export const SCALE_REWARDS = ['group', 'batch', 'none'] as const;
export type ScaleRewards = (typeof SCALE_REWARDS)[number];

/** The reward modes of METHOD.md (the paper's ablations, Table 4 and Fig. 5). */
export const CREDIT_MODES = ['adaptive', 'local', 'global', 'equal', 'fixed', 'independent'] as const;
export type CreditMode = (typeof CREDIT_MODES)[number];

/** Who trains in credit_mode "independent": "all" (each agent in turn, the others frozen) or one agent only. */
export const INDEPENDENT_AGENTS = ['all', ...AGENT_NAMES] as const;
export type IndependentAgent = (typeof INDEPENDENT_AGENTS)[number];

export const NDCG_TIES = ['index', 'average'] as const;
export type NdcgTies = (typeof NDCG_TIES)[number];

/** Plain JSON (it goes into the URL and IndexedDB): numbers, strings, null and one nested object. */
export interface RlConfig {
  /** G: trajectories sampled per (H, q). */
  num_generations: number;
  /** KL coefficient β of the k3 penalty against the frozen base (adapters off). 0 = no KL term. */
  beta: number;
  /** ε_low: the ratio is clipped below at 1 − epsilon. */
  epsilon: number;
  /** ε_high: the ratio is clipped above at 1 + epsilon_high; null means equal to epsilon. */
  epsilon_high: number | null;
  /** How per-token losses are averaged (see grpo.ts). */
  loss_type: LossType;
  /** Advantage scaling: divide by the group's std, the batch's std, or not at all. */
  scale_rewards: ScaleRewards;
  /** AdamW learning rate for the LoRA adapters. */
  learning_rate: number;
  /**
   * Per agent, the factor on learning_rate (and its schedule) for that agent's adapter: 1 each = one rate
   * for all. The three agents' rewards differ in spread and in how far their policies must move, so one
   * rate can be too small for one agent and make another collapse.
   */
  learning_rate_scale: PerAgent<number>;
  /** Sampling temperature for rollouts. */
  temperature: number;
  /** Nucleus sampling mass for rollouts; 1 = off. */
  top_p: number;
  /** Most new tokens per agent completion (also the dr_grpo normalizer). */
  max_completion_length: number;
  /** μ: optimizer passes over each generated batch (old log-probs are kept from generation when > 1). */
  num_iterations: number;
  /** α of Eq. 9: coverage weight of the extraction reward. */
  extraction_alpha: number;
  /** β of Eq. 11: coverage weight of the retrieval reward (not the KL beta). */
  retrieval_beta: number;
  /** τ: a line matches a gold unit when their token-overlap F1 ≥ τ. */
  match_threshold: number;
  /**
   * How the Retriever answers in <final_answer>: "letter" = the option's letter (a)–(d) (the paper);
   * "text" = the option's words, mapped to the option they share most distinguishing words with
   * (agents/retriever/answer.ts), which a small model can learn by copying.
   */
  answer_format: AnswerFormat;
  /**
   * γ: the weight of answer grounding in the Retriever's local reward, r2 = (1 − γ)·Eq. 11 + γ·g, where g
   * is the best token F1 of its written answer against a gold unit (agents/retriever/reward.ts). 0 = the
   * paper's Eq. 11; answer_format "text" only (a letter copies no note).
   */
  answer_grounding: number;
  /** How the global reward is shared among the agents (credit.ts). */
  credit_mode: CreditMode;
  /** Temperature of the softmax over the agents' NDCGs (Eq. 14); 1 = the paper's softmax. */
  credit_temperature: number;
  /** The weights of credit_mode "fixed", one per agent. */
  fixed_weights: PerAgent<number>;
  /**
   * In credit_mode "independent": "all" trains every agent on its own local reward, one agent per step
   * in turn (extractor, profiler, retriever, …) while the other two sample with their frozen initial
   * policies; an agent name trains that agent only.
   */
  independent_agent: IndependentAgent;
  /**
   * How NDCG scores trajectories with equal local rewards: "average" gives every place of a tie block the
   * block's mean gain (tie-aware NDCG); "index" orders them by trajectory index (METHOD.md's first choice).
   */
  ndcg_ties: NdcgTies;
  /**
   * Chunked extraction: the Extractor reads H in chunks of at most this many tokens (the model's
   * tokenizer), one call per chunk under its adapter, carrying its memory M_f from chunk to chunk.
   * null = off: one call on the most recent turns that fit its prompt (older turns are cut).
   */
  chunk_tokens: number | null;
  /** Chunked extraction: the carried memory M_f is capped at this many tokens after every chunk. */
  memory_tokens: number;
}

export const DEFAULT_CONFIG: Readonly<RlConfig> = Object.freeze({
  num_generations: 8,
  beta: 0.0,
  epsilon: 0.2,
  epsilon_high: null,
  loss_type: 'dapo',
  scale_rewards: 'group',
  learning_rate: 1e-6,
  learning_rate_scale: Object.freeze({ extractor: 1, profiler: 1, retriever: 1 }),
  temperature: 1.0,
  top_p: 1.0,
  max_completion_length: 256,
  num_iterations: 1,
  extraction_alpha: 0.8,
  retrieval_beta: 0.2,
  match_threshold: 0.5,
  answer_format: 'letter',
  answer_grounding: 0,
  credit_mode: 'adaptive',
  credit_temperature: 1,
  fixed_weights: Object.freeze({ extractor: 1 / 3, profiler: 1 / 3, retriever: 1 / 3 }),
  independent_agent: 'all',
  ndcg_ties: 'average',
  chunk_tokens: null,
  memory_tokens: 128,
} satisfies RlConfig);

/** Where each default comes from, for the settings panel and the docs. */
export const CONFIG_SOURCES: Readonly<Record<keyof RlConfig, string>> = Object.freeze({
  num_generations: 'paper: G = 8 (also TRL GRPOConfig default)',
  beta: 'TRL GRPOConfig default 0.0; the paper does not publish its KL β',
  epsilon: 'TRL GRPOConfig default 0.2; the paper does not publish ε',
  epsilon_high: 'TRL GRPOConfig: None means epsilon (DAPO uses 0.28)',
  loss_type: 'TRL GRPOConfig default "dapo" (TRL ≥ 0.22; older versions used "bnpo", the GRPO paper "grpo")',
  scale_rewards: 'TRL GRPOConfig default "group": advantage = (r − mean)/(std + 1e-4)',
  learning_rate: 'TRL GRPOConfig default 1e-6; the paper does not publish it (LoRA usually wants more: see the classroom preset)',
  learning_rate_scale:
    'lab addition (the paper gives no learning rates): 1 for every agent = one rate; e.g. {"profiler": 3} trains the Profiler at three times learning_rate, the others at learning_rate',
  temperature: 'paper: 1.0 for training (0.8 for evaluation); TRL default 1.0',
  top_p: 'TRL GRPOConfig default 1.0',
  max_completion_length: 'TRL GRPOConfig default 256',
  num_iterations: 'TRL GRPOConfig default 1',
  extraction_alpha: 'paper Eq. 9: α = 0.8 (coverage first)',
  retrieval_beta: 'paper Eq. 11: β = 0.2 (precision first)',
  match_threshold: 'lab choice (the paper does not define unit matching): token-overlap F1 ≥ 0.5',
  answer_format: 'paper: the option letter; "text" (lab addition): the option\'s words, mapped by word overlap, so a small model can answer by copying',
  answer_grounding:
    'lab addition (answer_format "text"): 0 = the paper\'s Eq. 11, which scores only the <information> lines, so four rollouts listing the same notes tie whichever note their answers copy; γ > 0 adds how close the copied answer is to the gold turn',
  credit_mode: 'paper: adaptive credit assignment (Eq. 13–15); the others are its ablations',
  credit_temperature: 'lab addition to Eq. 14; 1 reproduces the paper',
  fixed_weights: 'lab choice for the "fixed weights" ablation: equal thirds until set',
  independent_agent: 'METHOD.md "independent training": "all" = each agent on its own local reward, one per step in turn, the others frozen at their initial policies; or one agent only',
  ndcg_ties: 'lab choice (the paper is silent): "average" = tie-aware NDCG, invariant to relabeling; "index" = stable order by trajectory index (METHOD.md). Default "average": under "index" a group whose local rewards are all equal is ranked by trajectory index, so its NDCG depends on which trajectory happens to come first (1.000 when the right answers do), and an agent with no ranking signal could look perfectly consistent and take the largest share of r3',
  chunk_tokens:
    'lab addition (the paper trains on the evidence session and does not say how its Extractor reads a long history): null = off; a number = MemAgent\'s chunked, overwritten memory, every chunk\'s call sharing the trajectory\'s Extractor advantage',
  memory_tokens: 'lab choice: 128 tokens of carried memory (MemAgent carries 1024 beside 5000-token chunks); fits the bundled model\'s 512 positions beside a 160-token chunk',
});

export type PresetName = 'classroom' | 'lesson' | 'paper';

export interface Preset {
  readonly name: PresetName;
  readonly description: string;
  /** Only the fields the preset changes. */
  readonly overrides: Readonly<Partial<RlConfig>>;
  /** Why each override, keyed like overrides. */
  readonly why: Readonly<Partial<Record<keyof RlConfig, string>>>;
}

export const PRESETS: Readonly<Record<PresetName, Preset>> = Object.freeze({
  classroom: Object.freeze({
    name: 'classroom',
    description: 'Small and quick: a tiny model learns visibly in minutes in a browser tab.',
    overrides: Object.freeze({ num_generations: 4, max_completion_length: 96, learning_rate: 1e-3 }),
    why: Object.freeze({
      num_generations: 'half the rollouts per step; 4 still gives the ranking something to order',
      max_completion_length: 'short memories and answers keep each step under a few seconds',
      learning_rate: 'LoRA adapters on a tiny model need larger steps than full fine-tuning (TRL’s 1e-6); at 1e-4 the bundled model’s greedy answers had not changed after 10 steps',
    }),
  }),
  lesson: Object.freeze({
    name: 'lesson',
    description:
      'The classroom preset tuned for the restated lesson and its bundled model (the page\'s default): a slower shared rate with the Profiler at three times it, rollouts sampled at T 0.9, strict note matching, and the copied answer\'s grounding in the Retriever\'s reward. Text answers only.',
    overrides: Object.freeze({
      num_generations: 4,
      max_completion_length: 96,
      learning_rate: 3e-4,
      learning_rate_scale: Object.freeze({ extractor: 1, profiler: 3, retriever: 1 }),
      temperature: 0.9,
      match_threshold: 0.9,
      answer_format: 'text',
      answer_grounding: 0.5,
    }),
    why: Object.freeze({
      num_generations: 'as classroom',
      max_completion_length: 'as classroom',
      learning_rate: 'the README\'s lesson runs (session 17, seed 1, 30 minutes): lr 1e-3 peaks early and falls back (54.3% at τ 0.5 against 61.4% untrained), lr 3e-4 keeps rising (67.1% at τ 0.9); every restated-lesson measurement since uses 3e-4',
      learning_rate_scale:
        'the Profiler at ×3 (9e-4): at one rate its local reward rose least (0.325 → 0.359 over 36 steps, mean of 3 seeds); at ×3 the team gained +15.1 ± 3.3 points in 36 steps against +10.6 ± 1.8, and adaptive ≥ equal held in every seed (README, sessions 20–21)',
      temperature:
        'T 0.9, between the paper\'s 1.0 (training) and 0.8 (evaluation): on the four-session restated lesson at 4 questions a step, 30 steps, seeds 1–3, the team gains +22.1 ± 1.3 points sampled (+17.0 ± 1.0 at 1.0, +25.4 ± 4.5 at 0.8) and every agent\'s local reward has spread in ≥ 75% of its (group, agent) pairs in every seed (at 0.8 the Retriever\'s fell to 64% in seed 1: a cooler policy writes the same output in more of its rollouts); over steps 16–30 the global reward runs +0.11 to +0.17 above its frozen team\'s (README, sessions 25–26)',
      match_threshold: 'a note counts as covering its turn only when nearly the same (token F1 ≥ 0.9): at 0.5 a garbled copy (the topic word taken from the next line) scores F1 0.83 and is paid as covered (README, session 17\'s probe:misses)',
      answer_format: 'the restated lesson\'s model was built to copy the note that answers (γ needs a copied note)',
      answer_grounding: 'γ 0.5: on the restated lesson Eq. 11 alone gives the Retriever\'s four rollouts the same reward in 55–68% of groups (they list the same notes whichever note their answers copy); γ 0.5 in 15–30%, about where its outputs are identical (README, session 16\'s probe:spread)',
    }),
  }),
  paper: Object.freeze({
    name: 'paper',
    description:
      'The settings the CoMAM paper publishes, pinned (they equal the defaults today). Lab choices the paper is silent on (ndcg_ties, match_threshold, the judge) keep their lab defaults.',
    overrides: Object.freeze({
      num_generations: 8,
      temperature: 1.0,
      extraction_alpha: 0.8,
      retrieval_beta: 0.2,
      credit_mode: 'adaptive',
      credit_temperature: 1,
    }),
    why: Object.freeze({
      num_generations: 'paper: G = 8',
      temperature: 'paper: 1.0 for training',
      extraction_alpha: 'paper Eq. 9',
      retrieval_beta: 'paper Eq. 11',
      credit_mode: 'paper: adaptive credit assignment',
      credit_temperature: 'the paper’s plain softmax',
    }),
  }),
} satisfies Record<PresetName, Preset>);

/** The presets' names, for flags and messages. */
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** Whether a flag's value names a preset. */
export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as string[]).includes(name);
}

const KEYS = Object.keys(DEFAULT_CONFIG) as (keyof RlConfig)[];

/** Settings that runs stored before them lack, with the behaviour those runs had. */
const ADDED_LATER: Readonly<Partial<RlConfig>> = Object.freeze({
  answer_format: 'letter',
  answer_grounding: 0,
  chunk_tokens: null,
  memory_tokens: 128,
  learning_rate_scale: DEFAULT_CONFIG.learning_rate_scale,
});

/** The settings that hold one number per agent. */
export const PER_AGENT_KEYS = ['fixed_weights', 'learning_rate_scale'] as const;
export type PerAgentKey = (typeof PER_AGENT_KEYS)[number];

/** Whether a config key holds one number per agent ({"extractor": x, "profiler": x, "retriever": x}). */
export function isPerAgentKey(key: string): key is PerAgentKey {
  return (PER_AGENT_KEYS as readonly string[]).includes(key);
}

/** A per-agent setting checked whole: an object with a number passing `check` for every agent and no other key. */
function perAgentNumbers(cfg: Record<string, unknown>, field: PerAgentKey, check: (x: number) => boolean, range: string): PerAgent<number> {
  const v = cfg[field];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(field, `expected {"extractor": x, "profiler": x, "retriever": x}, each a number ${range}.`);
  const values = v as Record<string, unknown>;
  for (const k of Object.keys(values)) if (!isAgentName(k)) fail(`${field}.${k}`, `not an agent; the agents are ${AGENT_NAMES.join(', ')}.`);
  for (const a of AGENT_NAMES) {
    const x = values[a];
    if (typeof x !== 'number' || !Number.isFinite(x) || !check(x)) fail(`${field}.${a}`, `expected a number ${range}, got ${JSON.stringify(x)}.`);
  }
  return { extractor: values.extractor as number, profiler: values.profiler as number, retriever: values.retriever as number };
}

function fail(field: string, message: string): never {
  throw new ConfigError(`Config field "${field}": ${message}`, { field });
}

function num(cfg: Record<string, unknown>, field: keyof RlConfig, check: (x: number) => boolean, range: string): number {
  const v = cfg[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, `expected a number ${range}, got ${JSON.stringify(v)}. Default: ${JSON.stringify(DEFAULT_CONFIG[field])}.`);
  if (!check(v)) fail(field, `${v} is out of range; use a number ${range}. Default: ${JSON.stringify(DEFAULT_CONFIG[field])}.`);
  return v;
}

function oneOf<T extends string>(cfg: Record<string, unknown>, field: keyof RlConfig, options: readonly T[]): T {
  const v = cfg[field];
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) {
    fail(field, `expected one of ${options.map((o) => `"${o}"`).join(', ')}, got ${JSON.stringify(v)}.`);
  }
  return v as T;
}

/**
 * The known name a mistyped one most likely meant, for "did you mean" hints (case, '-' and spaces
 * ignored; a prefix either way counts). Example: closestName('rank', ['r', 'alpha']) → 'r'.
 */
export function closestName(name: string, names: readonly string[]): string | undefined {
  const norm = (x: string) => x.toLowerCase().replace(/[-\s]/g, '_');
  const lower = norm(name);
  return names.find((k) => norm(k) === lower) ?? names.find((k) => norm(k).startsWith(lower) || lower.startsWith(norm(k)));
}

/**
 * Check a complete config and return it as a fresh plain object. Throws ConfigError naming the first
 * bad field and the fix. Example: `{..., epsilon: 2}` → `Config field "epsilon": 2 is out of range; use a number in (0, 1).`
 */
export function validateConfig(input: unknown): RlConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail('(config)', 'expected an object of settings.');
  const cfg = input as Record<string, unknown>;
  for (const key of Object.keys(cfg)) {
    if (!(KEYS as string[]).includes(key)) {
      const hint = closestName(key, KEYS);
      fail(key, `unknown setting.${hint ? ` Did you mean "${hint}"?` : ''} Known settings: ${KEYS.join(', ')}.`);
    }
  }
  // Settings added after runs were first stored: a stored config without them means their first default.
  const filled: Record<string, unknown> = { ...ADDED_LATER, ...cfg };
  for (const key of KEYS) if (!(key in filled)) fail(key, `missing; set it or start from DEFAULT_CONFIG (default ${JSON.stringify(DEFAULT_CONFIG[key])}).`);
  const int = (x: number) => Number.isInteger(x);
  if (typeof cfg.scale_rewards === 'boolean') {
    fail('scale_rewards', `booleans are TRL's old spelling; use "${cfg.scale_rewards ? 'group' : 'none'}".`);
  }
  const eh = cfg.epsilon_high;
  if (eh !== null && (typeof eh !== 'number' || !Number.isFinite(eh) || eh <= 0)) {
    fail('epsilon_high', `expected null (same as epsilon) or a number > 0, got ${JSON.stringify(eh)}.`);
  }
  const weights = perAgentNumbers(cfg, 'fixed_weights', (w) => w >= 0, '≥ 0');
  const scale = perAgentNumbers(filled, 'learning_rate_scale', (x) => x > 0 && x <= 100, 'in (0, 100] (1 = learning_rate)');
  const chunk = filled.chunk_tokens;
  if (chunk !== null && (typeof chunk !== 'number' || !Number.isInteger(chunk) || chunk < 1)) {
    fail('chunk_tokens', `expected null (chunked extraction off) or a whole number ≥ 1 of tokens per chunk, got ${JSON.stringify(chunk)}.`);
  }
  if (filled.answer_format === 'letter' && typeof filled.answer_grounding === 'number' && filled.answer_grounding !== 0) {
    fail('answer_grounding', `${filled.answer_grounding} needs answer_format "text": a letter answer copies no note to ground. Set answer_grounding to 0 or answer_format to "text".`);
  }
  const agent = cfg.independent_agent;
  if (agent !== 'all' && !isAgentName(agent)) fail('independent_agent', `expected one of ${INDEPENDENT_AGENTS.map((a) => `"${a}"`).join(', ')}, got ${JSON.stringify(agent)}.`);
  return {
    num_generations: num(cfg, 'num_generations', (x) => int(x) && x >= 2, 'that is a whole number ≥ 2 (GRPO compares trajectories within a group)'),
    beta: num(cfg, 'beta', (x) => x >= 0, '≥ 0 (0 turns the KL term off)'),
    epsilon: num(cfg, 'epsilon', (x) => x > 0 && x < 1, 'in (0, 1)'),
    epsilon_high: eh,
    loss_type: oneOf(cfg, 'loss_type', LOSS_TYPES),
    scale_rewards: oneOf(cfg, 'scale_rewards', SCALE_REWARDS),
    learning_rate: num(cfg, 'learning_rate', (x) => x > 0 && x < 1, 'in (0, 1), e.g. 1e-4 for LoRA'),
    learning_rate_scale: scale,
    temperature: num(cfg, 'temperature', (x) => x > 0, '> 0'),
    top_p: num(cfg, 'top_p', (x) => x > 0 && x <= 1, 'in (0, 1]'),
    max_completion_length: num(cfg, 'max_completion_length', (x) => int(x) && x >= 1, 'that is a whole number ≥ 1'),
    num_iterations: num(cfg, 'num_iterations', (x) => int(x) && x >= 1, 'that is a whole number ≥ 1'),
    extraction_alpha: num(cfg, 'extraction_alpha', (x) => x >= 0 && x <= 1, 'in [0, 1]'),
    retrieval_beta: num(cfg, 'retrieval_beta', (x) => x >= 0 && x <= 1, 'in [0, 1]'),
    match_threshold: num(cfg, 'match_threshold', (x) => x > 0 && x <= 1, 'in (0, 1]'),
    answer_format: oneOf(filled, 'answer_format', ANSWER_FORMATS),
    answer_grounding: num(filled, 'answer_grounding', (x) => x >= 0 && x <= 1, 'in [0, 1]'),
    credit_mode: oneOf(cfg, 'credit_mode', CREDIT_MODES),
    credit_temperature: num(cfg, 'credit_temperature', (x) => x > 0, '> 0'),
    fixed_weights: weights,
    independent_agent: agent,
    ndcg_ties: oneOf(cfg, 'ndcg_ties', NDCG_TIES),
    chunk_tokens: chunk,
    memory_tokens: num(filled, 'memory_tokens', (x) => int(x) && x >= 1, 'that is a whole number ≥ 1'),
  };
}

/**
 * Defaults, then the preset's overrides, then the user's (a partial object, e.g. from the URL), validated.
 * Example: `resolveConfig({ beta: 0.04 }, 'classroom')` → num_generations 4 (preset), beta 0.04 (user).
 */
export function resolveConfig(overrides: unknown = {}, preset?: PresetName): RlConfig {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) fail('(config)', 'expected an object of settings.');
  if (preset !== undefined && !(preset in PRESETS)) fail('(preset)', `unknown preset "${String(preset)}"; use ${Object.keys(PRESETS).join(' or ')}.`);
  const base = preset ? PRESETS[preset].overrides : {};
  const user = overrides as Record<string, unknown>;
  // A partial per-agent object fills in from the preset's and the defaults; anything else is left for the validator to name.
  const filled = (key: PerAgentKey) => {
    const v = user[key];
    const isObject = typeof v === 'object' && v !== null && !Array.isArray(v);
    const under = { ...DEFAULT_CONFIG[key], ...base[key] };
    return v === undefined ? under : isObject ? { ...under, ...v } : v;
  };
  // A preset's answer grounding is for text answers: a person who asks for letters and no γ gets the paper's Eq. 11.
  const letters = user.answer_format === 'letter' && user.answer_grounding === undefined ? { answer_grounding: 0 } : {};
  return validateConfig({
    ...DEFAULT_CONFIG,
    ...base,
    ...user,
    ...letters,
    fixed_weights: filled('fixed_weights'),
    learning_rate_scale: filled('learning_rate_scale'),
  });
}

/** A fresh copy of a config whose per-agent settings are fresh objects too (a config is plain JSON). */
export function copyConfig(rl: RlConfig): RlConfig {
  return { ...rl, fixed_weights: { ...rl.fixed_weights }, learning_rate_scale: { ...rl.learning_rate_scale } };
}

/** Whether every agent trains at learning_rate itself (every learning_rate_scale factor 1). */
export function hasOneLearningRate(rl: Pick<RlConfig, 'learning_rate_scale'>): boolean {
  return AGENT_NAMES.every((a) => rl.learning_rate_scale[a] === 1);
}

/** ε_high as used by the loss: epsilon_high, or epsilon when it is null. */
export function epsilonHigh(cfg: Pick<RlConfig, 'epsilon' | 'epsilon_high'>): number {
  return cfg.epsilon_high ?? cfg.epsilon;
}

/**
 * Which agents' adapters take an optimizer step at `step` (1-based): all three, except in "independent"
 * mode: the agent whose turn it is (independent_agent "all": step 1 extractor, 2 profiler, 3 retriever,
 * 4 extractor, …) or the one named agent. In that mode the agents not trained sample with their frozen
 * initial policies (rollout adapters: see rolloutAdapters in trainer/session.ts).
 */
export function trainedAgents(cfg: Pick<RlConfig, 'credit_mode' | 'independent_agent'>, step: number): AgentName[] {
  if (cfg.credit_mode !== 'independent') return [...AGENT_NAMES];
  if (cfg.independent_agent !== 'all') return [cfg.independent_agent];
  return [AGENT_NAMES[(((step - 1) % AGENT_NAMES.length) + AGENT_NAMES.length) % AGENT_NAMES.length]];
}

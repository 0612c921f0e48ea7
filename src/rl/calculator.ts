// The credit calculator behind `comam-lab credit` and the UI widget: reads one group's rewards
// from JSON, checks every field, and returns NDCG, weights, integrated rewards and advantages.

import { AGENT_NAMES, isAgentName, perAgent, type PerAgent } from '../agents/names';
import { agentAdvantages } from './advantages';
import { CREDIT_MODES, DEFAULT_CONFIG, NDCG_TIES, SCALE_REWARDS, type CreditMode, type NdcgTies, type ScaleRewards } from './config';
import { assignCredit } from './credit';
import { CreditInputError } from './errors';

/** A checked calculator input. Rewards given as null in the file are NaN here. */
export interface CreditInput {
  local: PerAgent<number[]>;
  global: number[];
  mode: CreditMode;
  credit_temperature: number;
  fixed_weights: PerAgent<number>;
  scale_rewards: ScaleRewards;
  ndcg_ties: NdcgTies;
}

/** The calculator's answer, JSON-ready: NaN is written as null. */
export interface CreditReport {
  G: number;
  mode: CreditMode;
  settings: { credit_temperature: number; fixed_weights: PerAgent<number>; scale_rewards: ScaleRewards; ndcg_ties: NdcgTies };
  ndcg: PerAgent<number>;
  weights: PerAgent<number>;
  integrated: PerAgent<(number | null)[]>;
  advantages: PerAgent<number[]>;
  ranks: PerAgent<number[]> & { global: number[] };
  /** Rewards that were null/NaN and so got advantage 0, per agent. */
  nan_rewards: PerAgent<number>;
  /** Whether the agent's integrated rewards are all equal (this group teaches it nothing). */
  zero_spread: PerAgent<boolean>;
}

const KNOWN = ['local', 'global', 'mode', 'credit_temperature', 'temperature', 'fixed_weights', 'scale_rewards', 'ndcg_ties'];

/** A value as the user wrote it: numbers JSON cannot show (1e309 → Infinity) by name, not as null. */
const shown = (x: unknown) => (typeof x === 'number' ? String(x) : (JSON.stringify(x) ?? 'nothing'));

function bad(field: string, message: string): never {
  throw new CreditInputError(`Field "${field}": ${message}`, { field });
}

function rewards(x: unknown, field: string): number[] {
  if (!Array.isArray(x)) bad(field, `expected an array of rewards (numbers, or null for undefined), got ${JSON.stringify(x) ?? 'nothing'}.`);
  if (x.length === 0) bad(field, 'is empty; give one reward per trajectory (G ≥ 1).');
  return x.map((v, i) => {
    if (v === null) return Number.NaN;
    if (typeof v !== 'number' || !Number.isFinite(v)) bad(`${field}[${i}]`, `expected a number or null, got ${shown(v)}.`);
    return v;
  });
}

function positive(x: unknown, field: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) bad(field, `expected a number > 0, got ${shown(x)}.`);
  return x;
}

function choice<T extends string>(x: unknown, field: string, options: readonly T[]): T {
  if (typeof x !== 'string' || !(options as readonly string[]).includes(x)) {
    bad(field, `expected one of ${options.map((o) => `"${o}"`).join(', ')}, got ${JSON.stringify(x)}.`);
  }
  return x as T;
}

/**
 * Check a parsed GROUP.json. Example input:
 * `{"local": {"extractor": [1, 0], "profiler": [0, 1], "retriever": [1, 0]}, "global": [1, 0], "mode": "adaptive"}`.
 * Optional: credit_temperature (alias temperature), fixed_weights, scale_rewards, ndcg_ties; defaults from DEFAULT_CONFIG.
 * Throws CreditInputError naming the field, e.g. `Field "local.profiler[1]": expected a number or null, got "x".`
 */
export function parseCreditInput(json: unknown): CreditInput {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) bad('(file)', 'expected a JSON object with "local" and "global".');
  const o = json as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KNOWN.includes(k)) bad(k, `unknown field; known fields: ${KNOWN.join(', ')}.`);
  if (!('local' in o)) bad('local', 'missing; give {"extractor": [..], "profiler": [..], "retriever": [..]}.');
  if (!('global' in o)) bad('global', 'missing; give the G global rewards (1 = right answer, 0 = wrong).');
  const localRaw = o.local;
  if (typeof localRaw !== 'object' || localRaw === null || Array.isArray(localRaw)) bad('local', 'expected {"extractor": [..], "profiler": [..], "retriever": [..]}.');
  const lr = localRaw as Record<string, unknown>;
  for (const k of Object.keys(lr)) if (!isAgentName(k)) bad(`local.${k}`, `not an agent; the agents are ${AGENT_NAMES.join(', ')}.`);
  for (const n of AGENT_NAMES) if (!(n in lr)) bad(`local.${n}`, 'missing; give one local reward per trajectory.');
  const global = rewards(o.global, 'global');
  const local = perAgent((n) => rewards(lr[n], `local.${n}`));
  for (const n of AGENT_NAMES) {
    if (local[n].length !== global.length) bad(`local.${n}`, `has ${local[n].length} rewards but "global" has ${global.length}; give one per trajectory.`);
  }
  if ('temperature' in o && 'credit_temperature' in o) bad('temperature', 'give either "credit_temperature" or its alias "temperature", not both.');
  const tempField = 'temperature' in o ? 'temperature' : 'credit_temperature';
  let fixed = { ...DEFAULT_CONFIG.fixed_weights };
  if (o.fixed_weights !== undefined) {
    const fw = o.fixed_weights;
    if (typeof fw !== 'object' || fw === null || Array.isArray(fw)) bad('fixed_weights', 'expected {"extractor": w, "profiler": w, "retriever": w}.');
    const f = fw as Record<string, unknown>;
    for (const k of Object.keys(f)) if (!isAgentName(k)) bad(`fixed_weights.${k}`, `not an agent; the agents are ${AGENT_NAMES.join(', ')}.`);
    fixed = perAgent((n) => {
      const w = f[n] ?? DEFAULT_CONFIG.fixed_weights[n];
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) bad(`fixed_weights.${n}`, `expected a number ≥ 0, got ${shown(w)}.`);
      return w;
    });
  }
  return {
    local,
    global,
    mode: o.mode === undefined ? DEFAULT_CONFIG.credit_mode : choice(o.mode, 'mode', CREDIT_MODES),
    credit_temperature: o[tempField] === undefined ? DEFAULT_CONFIG.credit_temperature : positive(o[tempField], tempField),
    fixed_weights: fixed,
    scale_rewards: o.scale_rewards === undefined ? DEFAULT_CONFIG.scale_rewards : choice(o.scale_rewards, 'scale_rewards', SCALE_REWARDS),
    ndcg_ties: o.ndcg_ties === undefined ? DEFAULT_CONFIG.ndcg_ties : choice(o.ndcg_ties, 'ndcg_ties', NDCG_TIES),
  };
}

const orNull = (x: number) => (Number.isNaN(x) ? null : x);

/** Run credit assignment and advantages for one group; the same numbers the trainer computes. */
export function runCredit(input: CreditInput): CreditReport {
  const credit = assignCredit(
    { local: input.local, global: input.global },
    { mode: input.mode, creditTemperature: input.credit_temperature, fixedWeights: input.fixed_weights, ties: input.ndcg_ties },
  );
  const adv = agentAdvantages([credit.integrated], input.scale_rewards);
  return {
    G: input.global.length,
    mode: input.mode,
    settings: {
      credit_temperature: input.credit_temperature,
      fixed_weights: input.fixed_weights,
      scale_rewards: input.scale_rewards,
      ndcg_ties: input.ndcg_ties,
    },
    ndcg: credit.ndcg,
    weights: credit.weights,
    integrated: perAgent((n) => credit.integrated[n].map(orNull)),
    advantages: perAgent((n) => adv[n].advantages[0]),
    ranks: credit.ranks,
    nan_rewards: perAgent((n) => adv[n].nanRewards),
    zero_spread: perAgent((n) => adv[n].zeroSpreadGroups === 1),
  };
}

/** Parse JSON text and run the calculator. Bad JSON is a CreditInputError pointing at the file. */
export function creditFromText(text: string): CreditReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    bad('(file)', `is not valid JSON (${err instanceof Error ? err.message : String(err)}).`);
  }
  return runCredit(parseCreditInput(json));
}

// The guided tour of one rollout for classroom mode: five steps (MDP, local rewards, NDCG, weights,
// GRPO), each a short explanation and the group's own numbers, computed with the trainer's credit code;
// an agent whose local rewards are all equal in the group is shown as "no signal", not by its NDCG.

import { AGENT_NAMES, type AgentName, type PerAgent } from '../agents/names';
import { AGENTS } from '../agents/registry';
import { DEFAULT_CONFIG, type CreditMode, type NdcgTies } from '../rl/config';
import { runCredit, type CreditReport } from '../rl/calculator';
import { rankingSignal } from '../rl/credit';
import type { TrajectoryRow } from '../run/records';
import { groupsByStep, isInstructive, mostInstructive, rowRewards } from './instructive';

/** One group of G trajectories for one (H, q): what the tour walks through. */
export interface TourGroup {
  /** Where the numbers come from, shown on the first step. */
  source: string;
  /** Each trajectory's three outputs, when known (a stored run has them). */
  outputs?: PerAgent<string>[];
  local: PerAgent<number[]>;
  global: number[];
  /** Whether the group teaches credit (isInstructive); absent for the example group, which does. */
  instructive?: boolean;
  /** Said on the first step when the group is not instructive: why, and that no better one exists yet. */
  note?: string;
}

export interface TourTable {
  caption: string;
  head: string[];
  rows: string[][];
}

export interface TourStep {
  id: 'mdp' | 'local' | 'ndcg' | 'weights' | 'grpo';
  title: string;
  paragraphs: string[];
  table?: TourTable;
}

/**
 * A made-up group of four trajectories (the inputs only; every number the tour shows from it is computed).
 * The Retriever's local reward orders the trajectories like the team reward does, the Extractor's does not.
 */
export const EXAMPLE_GROUP: TourGroup = Object.freeze({
  source: 'an example group of 4 trajectories (train a run to see one of yours)',
  local: { extractor: [0.2, 0.9, 0.5, 0.4], profiler: [0.6, 0.5, 0.7, 0.3], retriever: [0.9, 0.1, 0.7, 0.2] },
  global: [1, 0, 1, 0],
});

/**
 * The group the tour walks from a run's stored rows (any steps): the most instructive one (the team's
 * outcome varies, local rewards have spread; src/classroom/instructive.ts), the newest among equals.
 * When no group of the run has a varying outcome yet, the newest group, with a note saying so.
 */
export function tourGroupFromRows(rows: readonly TrajectoryRow[], runId: string): TourGroup | undefined {
  const groups = groupsByStep(rows).sort((a, b) => b[0].step - a[0].step || a[0].group - b[0].group);
  const best = mostInstructive(groups, rowRewards);
  const g = best?.group;
  const first = g?.[0];
  if (!best || !g || !first) return undefined;
  const group: TourGroup = {
    source: `run ${runId}, step ${first.step}, group ${first.group} (${first.question_type.replace(/_/g, ' ')}, question ${first.question_id})`,
    outputs: g.map((r) => r.outputs),
    local: { extractor: g.map((r) => r.local.extractor), profiler: g.map((r) => r.local.profiler), retriever: g.map((r) => r.local.retriever) },
    global: g.map((r) => r.global),
    instructive: isInstructive(best.how),
  };
  if (!best.how.globalVaries) {
    const value = g.find((r) => Number.isFinite(r.global))?.global;
    group.note = `No group of run ${runId} has both right and wrong answers yet (here every global reward is ${value ?? 'undefined'}), so no local reward can rank it like the team outcome: its NDCGs come only from the tie rule and the weights stay near ⅓. This is its newest group; train longer, or close the tour and open it again later.`;
  } else if (!best.how.signalAgents) {
    group.note = `In every group of run ${runId} with both right and wrong answers, each agent's local rewards are all equal, so none ranks anything ("no signal"); this is the newest such group.`;
  }
  return group;
}

const f = (x: number | null | undefined, d = 3): string => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));
const title = (n: AgentName) => AGENTS[n].title;
const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s).replace(/\s+/g, ' ');

export interface TourSettings {
  mode: CreditMode;
  /** T of the adaptive softmax (RlConfig.credit_temperature). */
  creditTemperature: number;
  scale: 'group' | 'batch' | 'none';
  ties: NdcgTies;
}

/** The five steps for one group under the given credit settings. */
export function buildTour(group: TourGroup, s: TourSettings = { mode: 'adaptive', creditTemperature: 1, scale: 'group', ties: DEFAULT_CONFIG.ndcg_ties }): TourStep[] {
  const G = group.global.length;
  const r: CreditReport = runCredit({
    local: group.local,
    global: group.global,
    mode: s.mode,
    credit_temperature: s.creditTemperature,
    fixed_weights: { extractor: 1 / 3, profiler: 1 / 3, retriever: 1 / 3 },
    scale_rewards: s.scale,
    ndcg_ties: s.ties,
  });
  const signal = rankingSignal(group.local);
  const silent = AGENT_NAMES.filter((n) => !signal[n]);
  const ndcgOf = (n: AgentName) => (signal[n] ? f(r.ndcg[n]) : `no signal (w ${f(r.weights[n])})`);
  const idx = Array.from({ length: G }, (_, i) => i);
  const mdp: TourStep = {
    id: 'mdp',
    title: 'One rollout is a chain of three decisions',
    paragraphs: [
      `The conversation history H is the start state s0. The ${title('extractor')} reads H and writes fine memory M_f (s1); the ${title('profiler')} reads only M_f and writes a user profile M_c (s2); the ${title('retriever')} reads M_f, M_c, the question and its four options, quotes its evidence and picks an answer (s3, the end).`,
      `Each agent's output is the next agent's input, so one trajectory is one pass s0 → s3. For every question the trainer samples a group of G = ${G} trajectories. Numbers below: ${group.source}.`,
      ...(group.note ? [group.note] : []),
    ],
    ...(group.outputs
      ? { table: { caption: 'What each agent wrote, per trajectory', head: ['trajectory', ...AGENT_NAMES.map(title)], rows: group.outputs.map((o, i) => [String(i + 1), ...AGENT_NAMES.map((n) => clip(o[n]))]) } }
      : {}),
  };
  const local: TourStep = {
    id: 'local',
    title: 'Every agent gets its own local reward, the team a global one',
    paragraphs: [
      'Extractor r0: how much of the gold evidence its memory covers (80 %) and how little else it kept (20 %). Profiler r1: a frozen judge scores the profile. Retriever r2: like r0 but precision first (β = 0.2). Global r3: 1 when the chosen option is right, else 0.',
      'A local reward says whether an agent did its own job; r3 says whether the team answered. They can disagree: a generous extractor scores well on coverage yet buries the answer in noise.',
    ],
    table: { caption: 'Rewards of each trajectory', head: ['trajectory', 'r0 extractor', 'r1 profiler', 'r2 retriever', 'r3 global'], rows: idx.map((i) => [String(i + 1), ...AGENT_NAMES.map((n) => f(group.local[n][i], 2)), f(group.global[i], 0)]) },
  };
  const ndcg: TourStep = {
    id: 'ndcg',
    title: 'NDCG: does an agent’s reward rank the rollouts like the team’s?',
    paragraphs: [
      'Sort the G trajectories by one agent’s local reward and score that order with the global rewards as gains: DCG = Σ gain_k / log2(k + 1) over ranks k, divided by the DCG of the best possible order. v = 1 means the agent’s reward ranks the rollouts exactly as the team outcome does.',
      'An agent whose reward agrees with the team outcome is one whose own goal serves the team.',
      ...(silent.length > 0
        ? [
            `No signal: ${silent.map((n) => `the ${title(n)}’s`).join(' and ')} local rewards are all equal in this group, so ${silent.length === 1 ? 'its order ranks' : 'their orders rank'} nothing and the NDCG would only reflect how ties are broken; the table shows "no signal" with the weight the softmax still gives.`,
          ]
        : []),
    ],
    table: {
      caption: 'Rank of each trajectory under each ordering, and each agent’s NDCG',
      head: ['', ...idx.map((i) => `t${i + 1}`), 'NDCG v'],
      rows: [...AGENT_NAMES.map((n) => [`rank by ${title(n)}`, ...r.ranks[n].map(String), ndcgOf(n)]), ['rank by r3', ...r.ranks.global.map(String), '']],
    },
  };
  const weights: TourStep = {
    id: 'weights',
    title: 'Weights: each agent’s share of the team reward',
    paragraphs: [
      `In the adaptive mode w_n = exp(v_n / T) / Σ_m exp(v_m / T), here with T = ${s.creditTemperature}: the better an agent’s reward agrees with the team, the larger its share. Its integrated reward is r_final = r_n + w_n · r3.`,
      `This tour uses the "${s.mode}" mode. The ablations change only this step: local only (w = 0), global only (r_final = r3), equal share (w = 1/3), independent (one agent trains on its local reward alone).`,
    ],
    table: {
      caption: 'Weights and integrated rewards',
      head: ['agent', 'weight w', ...idx.map((i) => `r_final t${i + 1}`)],
      rows: AGENT_NAMES.map((n) => [signal[n] ? title(n) : `${title(n)} (no signal)`, f(r.weights[n]), ...r.integrated[n].map((x) => f(x))]),
    },
  };
  const grpo: TourStep = {
    id: 'grpo',
    title: 'GRPO: push up the better-than-average rollouts',
    paragraphs: [
      `Each agent’s advantage is its integrated reward minus the group mean, divided by the group’s standard deviation (scale_rewards = "${s.scale}"). No value network is needed: the group is the baseline.`,
      'Each agent then updates only its own LoRA adapter on its own completion tokens: loss = −min(ratio · A, clip(ratio, 1 − ε, 1 + ε) · A), ratio = π_new / π_old. Positive A makes that output more likely, negative A less. All three agents train together from the same rollouts.',
    ],
    table: {
      caption: 'Advantages (zero spread = this group teaches the agent nothing)',
      head: ['agent', ...idx.map((i) => `A t${i + 1}`), 'zero spread'],
      rows: AGENT_NAMES.map((n) => [title(n), ...r.advantages[n].map((x) => f(x)), r.zero_spread[n] ? 'yes' : 'no']),
    },
  };
  return [mdp, local, ndcg, weights, grpo];
}

import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_NAMES } from '../../agents/names';
import { rubricJudge } from '../../judge/rubric';
import { enableGradients } from '../../model/gradients';
import { softmaxWeights } from '../../rl/credit';
import { rolloutAdapters, updateRows } from './grpoStep';
import { TrainingSession, type SessionDeps } from './session';
import { resolveConfig } from '../../rl/config';
import { fixtureModel, tinySetup, tinyWorld } from './testkit';

let made: { s: TrainingSession; deps: SessionDeps }[] = [];
async function session(over: Partial<SessionDeps> = {}, setup = tinySetup()): Promise<{ s: TrainingSession; deps: SessionDeps }> {
  const { engine, codec } = await fixtureModel('wasm');
  const deps: SessionDeps = { engine, codec, dataset: tinyWorld(), judge: rubricJudge(), setup, adapterPrefix: `s${made.length}.`, ...over };
  const s = new TrainingSession(deps);
  made.push({ s, deps });
  return { s, deps };
}

/** Every adapter value keyed by agent and variable index (names differ between sessions). */
async function snapshot(deps: SessionDeps): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const n of AGENT_NAMES) {
    for (const [i, v] of deps.engine.adapter(`${deps.adapterPrefix ?? ''}${n}`).variables().entries()) out[`${n}.${i}`] = Array.from(await v.data());
  }
  return out;
}

const keysOf = (deps: SessionDeps, n: string) => deps.engine.adapter(`${deps.adapterPrefix ?? ''}${n}`).variables().map((_, i) => `${n}.${i}`);

beforeAll(async () => {
  await enableGradients();
});
afterEach(() => {
  made.forEach(({ s, deps }) => {
    s.dispose();
    deps.engine.dispose();
  });
  made = [];
});

/** A random fixture model earns no reward, so tests that need a learning signal give the group spread. */
const spread = (_step: number, rewards: import('../../rl/rewards').TrajectoryRewards[][]) => {
  rewards.forEach((group) =>
    group.forEach((r, i) => {
      r.local = { extractor: i % 2, profiler: (i + 1) % 2, retriever: i % 2 };
      r.global = i % 2;
    }),
  );
};

describe('a training step on the fixture model (wasm)', { timeout: 120_000 }, () => {
  it('moves every agent adapter, leaves the base alone, and logs credit weights consistent with the rewards', async () => {
    const { s, deps } = await session({ hooks: { rewards: spread } });
    const probe = { ids: [[5, 6, 7, 8]], valid: [[1, 1, 1, 1]] };
    deps.engine.setActiveAdapter(null);
    const baseBefore = Array.from(await deps.engine.logits(probe).data());
    const before = await snapshot(deps);
    const out = await s.runStep();
    const after = await snapshot(deps);
    for (const n of AGENT_NAMES) {
      const names = keysOf(deps, n);
      const moved = names.some((name) => after[name].some((x, i) => x !== before[name][i]));
      expect(moved, `${n} adapter moved`).toBe(true);
    }
    deps.engine.setActiveAdapter(null);
    expect(Array.from(await deps.engine.logits(probe).data())).toEqual(baseBefore);
    expect(out.metrics.step).toBe(1);
    expect(out.trajectories).toHaveLength(2);
    expect(out.trajectories.map((t) => t.global)).toEqual([0, 1]);
    for (const t of out.trajectories) {
      const w = softmaxWeights(t.ndcg);
      for (const n of AGENT_NAMES) expect(t.weights[n]).toBeCloseTo(w[n], 10);
      expect(t.logprobs.extractor.length).toBeGreaterThan(0);
      for (const n of AGENT_NAMES) expect(t.tokens?.[n]).toHaveLength(t.logprobs[n].length);
      // The hook above overrides the rewards, not the judge's verdict on the text: the verdict stays the rubric's.
      expect(t.judge?.score).toBeGreaterThanOrEqual(0);
      expect(t.judge?.explanation).toMatch(/\S/);
      expect(t.judge?.name).toBe(deps.judge.name);
      expect(t.history_turns).toBeGreaterThan(0);
    }
    expect(out.metrics.skippedUpdates).toEqual([]);
    expect(s.step).toBe(1);
  });

  it('records old log-probs from the sampling pass when one pass trains on them (num_iterations 1), from a forward pass when several do', async () => {
    const forwards = async (numIterations: number) => {
      const { s, deps } = await session({ hooks: { rewards: spread } }, tinySetup({ rl: resolveConfig({ num_generations: 2, max_completion_length: 4, learning_rate: 0.05, num_iterations: numIterations }) }));
      const real = deps.engine.tokenLogprobs.bind(deps.engine);
      let calls = 0;
      deps.engine.tokenLogprobs = (...args) => {
        calls += 1;
        return real(...args);
      };
      const out = await s.runStep();
      for (const t of out.trajectories) for (const n of AGENT_NAMES) expect(t.logprobs[n]).toHaveLength(t.tokens?.[n]?.length ?? -1);
      return calls;
    };
    // Per agent: the reference pass and one update pass per iteration; with several, also the old log-probs' pass.
    expect(await forwards(1)).toBe(3 * 2);
    expect(await forwards(2)).toBe(3 * (1 + 1 + 2));
  });

  it('an injected NaN reward gets advantage 0, is reported, and leaves every adapter finite', async () => {
    const { s, deps } = await session({
      hooks: {
        rewards: (step, rewards) => {
          spread(step, rewards);
          rewards[0][0].local.extractor = Number.NaN;
        },
      },
    });
    const out = await s.runStep();
    expect(out.metrics.nanRewards).toBeGreaterThan(0);
    expect(out.notes.join(' ')).toMatch(/non-finite reward/);
    expect(out.trajectories[0].advantage.extractor).toBe(0);
    for (const xs of Object.values(await snapshot(deps))) expect(xs.every(Number.isFinite)).toBe(true);
  });

  it('an injected non-finite gradient skips that agent update and keeps its last good adapter', async () => {
    const { s, deps } = await session({
      hooks: {
        rewards: spread,
        gradients: (step, agent, grads) => {
          if (step !== 2 || agent !== 'profiler') return grads;
          const [first] = Object.keys(grads);
          return { ...grads, [first]: tf.fill(grads[first].shape, Number.POSITIVE_INFINITY) };
        },
      },
    });
    await s.runStep();
    const good = await snapshot(deps);
    const out = await s.runStep();
    expect(out.metrics.skippedUpdates).toEqual(['profiler']);
    expect(out.notes.join(' ')).toMatch(/Profiler update skipped: non-finite gradient/);
    const after = await snapshot(deps);
    for (const k of keysOf(deps, 'profiler')) expect(after[k]).toEqual(good[k]);
    const ex = keysOf(deps, 'extractor');
    expect(ex.some((name) => after[name].some((x, i) => x !== good[name][i]))).toBe(true);
  });

  it('learning_rate_scale: an agent’s update is its factor times the shared rate’s, the others’ unchanged', async () => {
    const rl = { num_generations: 2, max_completion_length: 4, learning_rate: 0.05 };
    const one = await session({ hooks: { rewards: spread } }, tinySetup({ rl: resolveConfig(rl) }));
    const scaled = await session({ hooks: { rewards: spread } }, tinySetup({ rl: resolveConfig({ ...rl, learning_rate_scale: { profiler: 0.25 } }) }));
    const deltas = async ({ s, deps }: { s: TrainingSession; deps: SessionDeps }) => {
      const before = await snapshot(deps);
      await s.runStep();
      const after = await snapshot(deps);
      return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v.map((x, i) => x - before[k][i])]));
    };
    const d1 = await deltas(one);
    const d2 = await deltas(scaled);
    for (const [k, v] of Object.entries(d1)) {
      const factor = k.startsWith('profiler.') ? 0.25 : 1;
      for (const [i, x] of v.entries()) expect(Math.abs(d2[k][i] - factor * x), `${k}[${i}]`).toBeLessThanOrEqual(1e-7 + 1e-3 * Math.abs(x));
    }
    // Every agent's adapter moved, so the comparison above is not between zeros.
    for (const n of AGENT_NAMES) expect(Object.entries(d1).some(([k, v]) => k.startsWith(`${n}.`) && v.some((x) => Math.abs(x) > 1e-4)), `${n} moved`).toBe(true);
  });

  it('a frozen control samples and scores the training run’s questions step by step and moves no adapter', async () => {
    const setup = tinySetup({ rl: resolveConfig({ num_generations: 2, max_completion_length: 4, learning_rate: 0.05 }) });
    const trained = await session({ hooks: { rewards: spread } }, setup);
    const frozen = await session({ hooks: { rewards: spread } }, { ...setup, frozenControl: true });
    const start = await snapshot(frozen.deps);
    for (const step of [1, 2]) {
      const a = await trained.s.runStep();
      const b = await frozen.s.runStep();
      expect(b.metrics.step).toBe(step);
      expect(b.trajectories.map((t) => t.question_id)).toEqual(a.trajectories.map((t) => t.question_id));
      // Step 1: both teams are the untrained one, so they sample the same tokens.
      if (step === 1) expect(b.trajectories.map((t) => t.tokens)).toEqual(a.trajectories.map((t) => t.tokens));
      expect(b.metrics.loss).toEqual({ extractor: 0, profiler: 0, retriever: 0 });
    }
    expect(await snapshot(frozen.deps)).toEqual(start);
    // The training run did move, so the frozen run's stillness is the option's doing.
    const moved = await snapshot(trained.deps);
    expect(AGENT_NAMES.every((n) => keysOf(trained.deps, n).some((k) => moved[k].some((x, i) => x !== start[k][i])))).toBe(true);
  });

  it('independent training: one agent per step in turn, on its own local reward, the others sampling frozen', async () => {
    const setup = tinySetup({ rl: resolveConfig({ num_generations: 2, max_completion_length: 4, learning_rate: 0.05, credit_mode: 'independent' }) });
    expect(setup.rl.independent_agent).toBe('all');
    const { s, deps } = await session({ hooks: { rewards: spread } }, setup);
    const moved = (a: Record<string, number[]>, b: Record<string, number[]>, n: string) => keysOf(deps, n).some((k) => a[k].some((x, i) => x !== b[k][i]));
    let before = await snapshot(deps);
    for (const turn of ['extractor', 'profiler', 'retriever'] as const) {
      const out = await s.runStep();
      const after = await snapshot(deps);
      for (const n of AGENT_NAMES) expect(moved(before, after, n), `step ${out.metrics.step}: ${n} moved`).toBe(n === turn);
      for (const t of out.trajectories) {
        for (const n of AGENT_NAMES) {
          expect(t.weights[n]).toBe(0);
          expect(t.integrated[n]).toBe(t.local[n]);
        }
      }
      before = after;
    }
    expect(rolloutAdapters('independent', { extractor: 'e', profiler: 'p', retriever: 'r' }, ['profiler'])).toEqual({ extractor: null, profiler: 'p', retriever: null });
    expect(rolloutAdapters('local', { extractor: 'e', profiler: 'p', retriever: 'r' }, ['profiler'])).toEqual({ extractor: 'e', profiler: 'p', retriever: 'r' });
  });

  it('restoring a state continues exactly like the uninterrupted session (same sampled ids and losses)', async () => {
    const a = await session({ hooks: { rewards: spread } });
    await a.s.runStep();
    const state = JSON.parse(JSON.stringify(await a.s.state())) as Awaited<ReturnType<TrainingSession['state']>>;
    const nextA = await a.s.runStep();
    const b = await session({ hooks: { rewards: spread } });
    b.s.restore(state);
    const nextB = await b.s.runStep();
    expect(nextB.trajectories.map((t) => t.outputs)).toEqual(nextA.trajectories.map((t) => t.outputs));
    expect(nextB.trajectories.map((t) => t.logprobs)).toEqual(nextA.trajectories.map((t) => t.logprobs));
    expect(nextB.metrics.loss).toEqual(nextA.metrics.loss);
    expect(await snapshot(b.deps)).toEqual(await snapshot(a.deps));
  });

  it('chunked extraction: trajectories record every chunk within its caps, and every chunk trains on its trajectory advantage', async () => {
    const setup = tinySetup({ rl: resolveConfig({ num_generations: 2, max_completion_length: 8, learning_rate: 0.05, chunk_tokens: 48, memory_tokens: 24 }) });
    const { s, deps } = await session({ hooks: { rewards: spread } }, setup);
    const before = await snapshot(deps);
    const out = await s.runStep();
    for (const t of out.trajectories) {
      const chunks = t.extractor_chunks ?? [];
      expect(chunks.length).toBeGreaterThan(1);
      chunks.forEach((c, k) => {
        expect(c.index).toBe(k);
        expect(c.input_tokens).toBeLessThanOrEqual(48);
        expect(c.memory_tokens).toBeLessThanOrEqual(24);
        expect(c.memory_in_tokens).toBe(k === 0 ? 0 : chunks[k - 1].memory_tokens);
      });
      expect(t.outputs.extractor).toBe(chunks[chunks.length - 1].text);
    }
    const after = await snapshot(deps);
    expect(keysOf(deps, 'extractor').some((k) => after[k].some((x, i) => x !== before[k][i]))).toBe(true);
  });
});

describe('updateRows', () => {
  it('gives every chunk call of a trajectory that trajectory advantage, and other agents one row each', () => {
    const sample = (id: number) => ({ adapter: 'x', prompt: '', text: '', promptIds: [id], completionIds: [id], logprobs: [0], finish: 'stop' as const });
    const chunk = (k: number) => ({ index: k, first: 0, last: 0, inputTokens: 1, memoryInTokens: 0, memoryTokens: 0, dropped: 0, memory: [], formatOk: true, sample: sample(10 + k) });
    const traj = (index: number, chunks?: number) => ({
      item: 0,
      index,
      agents: { extractor: sample(1), profiler: sample(2), retriever: sample(3) },
      parsed: { extractor: [], profiler: { text: '', facts: [] }, retriever: { information: [], choice: null } },
      formatOk: { extractor: true, profiler: true, retriever: true },
      historyTurns: 1,
      ...(chunks ? { extractorChunks: Array.from({ length: chunks }, (_, k) => chunk(k)) } : {}),
    });
    const teams = [[traj(0, 3), traj(1, 2)]];
    const rows = updateRows(teams, 'extractor', [[0.5, -0.5]]);
    expect(rows.map((r) => [r.promptIds[0], r.advantage])).toEqual([[10, 0.5], [11, 0.5], [12, 0.5], [10, -0.5], [11, -0.5]]);
    expect(updateRows(teams, 'profiler', [[0.5, -0.5]]).map((r) => [r.promptIds[0], r.advantage])).toEqual([[2, 0.5], [2, -0.5]]);
    expect(updateRows([[traj(0), traj(1)]], 'extractor', [[1, -1]]).map((r) => [r.promptIds[0], r.advantage])).toEqual([[1, 1], [1, -1]]);
  });
});

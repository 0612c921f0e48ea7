import { beforeAll, describe, expect, it } from 'vitest';
import { AGENT_NAMES } from '../../agents/names';
import type { Question, Turn } from '../../env/types';
import { rubricJudge } from '../../judge/rubric';
import { enableGradients } from '../../model/gradients';
import { creditFromText } from '../../rl/calculator';
import { DEFAULT_CONFIG, resolveConfig } from '../../rl/config';
import type { Problem } from '../../rl/problem';
import { problemsOf } from '../../rl/problem';
import { TrainingSession } from '../training/session';
import type { TrajectoryRow } from '../records';
import { fixtureModel, tinySetup, tinyWorld } from '../training/testkit';
import { diffLines, logprobColour, stepsOfQuestion, tokenViews } from './compare';
import { explainTrajectory, moveStage } from './explain';
import { checkCredit, groupCreditJson, groupSignal, groupsOf, ndcgLabel, sortGroup } from './group';

const turn = (i: number, role: Turn['role'], content: string): Turn => ({ id: `c:${i}`, index: i, role, content, session: 0 });
const history = [turn(0, 'user', 'I like green tea'), turn(1, 'assistant', 'Nice!'), turn(2, 'user', 'My cat is called Pip')];
const question: Question = {
  id: 'q1',
  personaId: 'p0',
  contextId: 'c',
  type: 'recall_user_shared_facts',
  query: 'What should I drink?',
  options: ['coffee', 'green tea', 'cola', 'water'],
  correct: 1,
  endIndex: 3,
  evidenceTurnIds: ['c:0'],
  evidenceApproximate: false,
};
const problem: Problem = { question, history, gold: { evidence: ['I like green tea'], history: history.map((t) => t.content), profileFacts: [], correct: 1, options: question.options } };

const row = (over: Partial<TrajectoryRow> = {}): TrajectoryRow => ({
  step: 1,
  question_id: 'q1',
  persona_id: 'p0',
  question_type: 'recall_user_shared_facts',
  group: 0,
  trajectory: 0,
  local: { extractor: 0.9, profiler: 0.5, retriever: 1 },
  global: 1,
  ndcg: { extractor: 1, profiler: 1, retriever: 1 },
  weights: { extractor: 1 / 3, profiler: 1 / 3, retriever: 1 / 3 },
  integrated: { extractor: 0, profiler: 0, retriever: 0 },
  advantage: { extractor: 0, profiler: 0, retriever: 0 },
  rank: { extractor: 1, profiler: 1, retriever: 1, global: 1 },
  format_ok: { extractor: true, profiler: true, retriever: true },
  outputs: {
    extractor: '- likes green tea\n- said hello',
    profiler: '<profile>- likes green tea</profile>',
    retriever: '<information>- likes green tea</information><final_answer>(b)</final_answer>',
  },
  logprobs: { extractor: [-0.1, -2], profiler: [], retriever: [] },
  choice: 1,
  ...over,
});

describe('explainTrajectory', () => {
  it('reproduces the Eq. 9 worked example line by line, marks evidence, reads the choice and r3', () => {
    const ex = explainTrajectory(row({ history_turns: 2 }), problem, DEFAULT_CONFIG);
    expect(ex.s0.turns.map((t) => [t.evidence, t.seen])).toEqual([
      [true, false],
      [false, true],
      [false, true],
    ]);
    expect(ex.s1.lines.map((l) => l.match?.goldText ?? null)).toEqual(['I like green tea', null]);
    expect(ex.s1.lines[0].match?.f1).toBeCloseTo(4 / 7, 12);
    expect(ex.s1.score).toMatchObject({ matched: 1, predicted: 2, gold: 1, coverage: 1, jaccard: 0.5 });
    expect(ex.s1.score.reward).toBeCloseTo(0.9, 12);
    expect(ex.s1.agrees).toBe(true);
    expect(ex.s3.options.map((o) => [o.chosen, o.correct])).toEqual([
      [false, false],
      [true, true],
      [false, false],
      [false, false],
    ]);
    expect([ex.s3.global, ex.s3.retrieval.score.reward, ex.s3.retrieval.agrees]).toEqual([1, 1, true]);
  });
  it('a chunked row scores the capped memory after the last chunk (not a parse of its text alone), with each chunk against its caps', () => {
    const chunk = (index: number, memory: string[], text: string) => ({
      index,
      first_turn: index,
      last_turn: index,
      input_tokens: 10,
      memory_in_tokens: index === 0 ? 0 : 8,
      memory_tokens: 8,
      dropped_lines: index === 1 ? 1 : 0,
      prompt_tokens: 40,
      completion_tokens: 9,
      format_ok: true,
      text,
      memory,
    });
    // The last call wrote two lines; the cap kept one. Its text alone parses to both (r0 0.9); the capped memory scores 1.
    const chunked = row({
      outputs: { ...row().outputs, extractor: '- likes green tea\n- said hello' },
      local: { ...row().local, extractor: 1 },
      extractor_chunks: [chunk(0, ['likes green tea'], '- likes green tea'), chunk(1, ['likes green tea'], '- likes green tea\n- said hello')],
    });
    const ex = explainTrajectory(chunked, problem, { ...DEFAULT_CONFIG, chunk_tokens: 10, memory_tokens: 8 });
    expect(ex.s1.lines.map((l) => l.text)).toEqual(['likes green tea']);
    expect(ex.s1.agrees).toBe(true);
    expect(ex.s1.chunks?.steps.map((c) => [c.inputTokens, c.memoryTokens, c.capped, c.lines.map((l) => l.carried)])).toEqual([
      [10, 8, 0, [false]],
      [10, 8, 1, [true]],
    ]);
    expect([ex.s1.chunks?.chunkTokens, ex.s1.chunks?.memoryTokens]).toEqual([10, 8]);
  });
  it('says when a stored reward differs from the recomputed one, and treats NaN as equal to NaN', () => {
    expect(explainTrajectory(row({ local: { extractor: 0.2, profiler: 0, retriever: 1 } }), problem, DEFAULT_CONFIG).s1.agrees).toBe(false);
    const noGold = { ...problem, gold: { ...problem.gold, evidence: [] } };
    expect(explainTrajectory(row({ local: { extractor: Number.NaN, profiler: 0, retriever: Number.NaN } }), noGold, DEFAULT_CONFIG).s1.agrees).toBe(true);
  });
  it('shows how a text answer was mapped to an option (answer_format "text")', () => {
    const text = row({ outputs: { ...row().outputs, retriever: '<information>- likes green tea</information><final_answer>green tea</final_answer>' } });
    const ex = explainTrajectory(text, problem, { ...DEFAULT_CONFIG, answer_format: 'text' });
    expect(ex.s3.choice).toBe(1);
    expect(ex.s3.global).toBe(1);
    expect(ex.s3.mapping).toMatchObject({ text: 'green tea', reason: 'matched', scores: [0, 1, 0, 0] });
    expect(ex.s3.mapping?.description).toMatch(/^"green tea" → \(b\)/);
    // Letter runs (and runs stored before answer_format) have no mapping.
    expect(explainTrajectory(row(), problem, DEFAULT_CONFIG).s3.mapping).toBeUndefined();
    expect(explainTrajectory(row(), problem, { ...DEFAULT_CONFIG, answer_format: undefined }).s3.choice).toBe(1);
  });
  it('shows the answer grounding in r2 when the run weighted it, and compares the stored r2 with it', () => {
    // Eq. 11: 1 line matching the only gold unit → e = 1; the answer "green tea" against "I like green tea": F1 2/3.
    const text = row({ local: { extractor: 0.9, profiler: 0.5, retriever: 0.5 + 0.5 * (2 / 3) }, outputs: { ...row().outputs, retriever: '<information>- likes green tea</information><final_answer>green tea</final_answer>' } });
    const ex = explainTrajectory(text, problem, { ...DEFAULT_CONFIG, answer_format: 'text', answer_grounding: 0.5 });
    expect(ex.s3.grounding).toEqual({ weight: 0.5, answer: 'green tea', f1: expect.closeTo(2 / 3, 12) as unknown, goldText: 'I like green tea', reward: expect.closeTo(0.5 + 1 / 3, 12) as unknown });
    expect(ex.s3.retrieval.score.reward).toBe(1);
    expect(ex.s3.retrieval.agrees).toBe(true);
    // Read as a run without grounding, the same stored r2 is not Eq. 11's.
    const paper = explainTrajectory(text, problem, { ...DEFAULT_CONFIG, answer_format: 'text' });
    expect(paper.s3.grounding).toBeUndefined();
    expect(paper.s3.retrieval.agrees).toBe(false);
  });
  it('moves between s0 and s3 without leaving them', () => {
    expect([moveStage(0, -1), moveStage(0, 1), moveStage(3, 1), moveStage(2, -1)]).toEqual([0, 1, 3, 1]);
  });
});

describe('group view numbers', () => {
  const rl = resolveConfig({ num_generations: 3 });
  const rows = [
    row({ trajectory: 0, local: { extractor: 0.2, profiler: 0.9, retriever: 0 }, global: 0 }),
    row({ trajectory: 1, local: { extractor: 0.8, profiler: 0.1, retriever: 1 }, global: 1 }),
    row({ trajectory: 2, local: { extractor: Number.NaN, profiler: 0.5, retriever: 0.5 }, global: 1 }),
  ];
  const fromCalculator = creditFromText(groupCreditJson(rows, rl));
  const stored = rows.map((r, i) => ({
    ...r,
    ndcg: { ...fromCalculator.ndcg },
    weights: { ...fromCalculator.weights },
    rank: { extractor: fromCalculator.ranks.extractor[i], profiler: fromCalculator.ranks.profiler[i], retriever: fromCalculator.ranks.retriever[i], global: fromCalculator.ranks.global[i] },
    integrated: { extractor: fromCalculator.integrated.extractor[i] ?? Number.NaN, profiler: fromCalculator.integrated.profiler[i] ?? Number.NaN, retriever: fromCalculator.integrated.retriever[i] ?? Number.NaN },
    advantage: { extractor: fromCalculator.advantages.extractor[i], profiler: fromCalculator.advantages.profiler[i], retriever: fromCalculator.advantages.retriever[i] },
  }));
  it('the calculator on the group JSON and credit.ts agree: no mismatch; a changed weight is named', () => {
    expect(JSON.parse(groupCreditJson(rows, rl))).toMatchObject({ local: { extractor: [0.2, 0.8, null] }, global: [0, 1, 1], mode: 'adaptive' });
    expect(checkCredit(stored, rl).mismatches).toEqual([]);
    const bad = stored.map((r) => (r.trajectory === 1 ? { ...r, weights: { ...r.weights, profiler: 0.5 } } : r));
    expect(checkCredit(bad, rl).mismatches).toEqual([expect.stringMatching(/^group 0, trajectory 1: weights\.profiler stored 0\.5, recomputed/)]);
  });
  it('marks an agent whose local rewards are all equal (or all undefined) as "no signal" instead of its NDCG', () => {
    expect(groupSignal(rows)).toEqual({ extractor: true, profiler: true, retriever: true });
    const flat = rows.map((r) => ({ ...r, global: r.trajectory === 2 ? 0 : 1, local: { extractor: Number.NaN, profiler: 0.5, retriever: r.trajectory === 2 ? Number.NaN : 0.25 } }));
    expect(groupSignal(flat)).toEqual({ extractor: false, profiler: false, retriever: false });
    // Under "index" ties this group scores NDCG 1 (the right answers come first); the view must not show that as 1.000.
    const flatIndex = checkCredit(flat, { ...rl, ndcg_ties: 'index' }).credits[0];
    expect(flatIndex.ndcg.profiler).toBe(1);
    expect(ndcgLabel(flatIndex.ndcg.profiler, groupSignal(flat).profiler)).toBe('no signal');
    expect(ndcgLabel(0.6309, true)).toBe('0.631');
    expect(ndcgLabel(Number.NaN, true)).toBe('undefined (NaN)');
  });
  it('sorts by a reward rank and splits a step into groups', () => {
    expect(sortGroup(stored, 'global').map((r) => r.trajectory)).toEqual([1, 2, 0]);
    expect(sortGroup(stored, 'profiler').map((r) => r.trajectory)).toEqual([0, 2, 1]);
    expect(groupsOf([row({ group: 1, trajectory: 1 }), row({ group: 0 }), row({ group: 1 })]).map((g) => g.map((r) => `${r.group}.${r.trajectory}`))).toEqual([['0.0'], ['1.0', '1.1']]);
  });
});

describe('tokens and diff', () => {
  it('colours tokens from red (improbable) to green (certain) and pairs pieces with log-probs', () => {
    expect(logprobColour(0)).toBe('hsl(120 80% 82%)');
    expect(logprobColour(Math.log(0.5))).toBe('hsl(60 80% 82%)');
    expect(logprobColour(-Infinity)).toBe('hsl(0 0% 85%)');
    expect(tokenViews(['a', 'b'], [0, -1])?.map((t) => t.text)).toEqual(['a', 'b']);
    expect(tokenViews(undefined, [0])).toBeUndefined();
    expect(tokenViews(['a'], [0, 1])).toBeUndefined();
  });
  it('marks lines one side lacks and lists the steps of a question', () => {
    expect(diffLines('- a\n- b', '- b\n- c')).toEqual({
      left: [
        { text: '- a', only: true },
        { text: '- b', only: false },
      ],
      right: [
        { text: '- b', only: false },
        { text: '- c', only: true },
      ],
    });
    expect(stepsOfQuestion([row({ step: 3 }), row({ step: 1 }), row({ step: 3 }), row({ step: 2, question_id: 'q2' })], 'q1')).toEqual([1, 3]);
  });
});

describe('a real training step, explained', () => {
  beforeAll(async () => {
    await enableGradients();
  });
  it('recomputes every stored reward and every credit number of the step from its texts and rewards', async () => {
    const { engine, codec } = await fixtureModel('wasm');
    const dataset = tinyWorld();
    const setup = tinySetup();
    const s = new TrainingSession({ engine, codec, dataset, judge: rubricJudge(), setup, adapterPrefix: 'explain.' });
    try {
      const out = await s.runStep();
      const problem = problemsOf(dataset);
      for (const r of out.trajectories) {
        const ex = explainTrajectory(r, problem(r.question_id, 'train'), setup.rl);
        expect(ex.s1.agrees).toBe(true);
        expect(ex.s3.retrieval.agrees).toBe(true);
        expect(ex.s3.global).toBe(r.global);
        expect(ex.s2.verdict?.score).toBe(r.local.profiler);
        for (const n of AGENT_NAMES) expect(tokenViews(r.tokens?.[n], r.logprobs[n])?.length).toBe(r.logprobs[n].length);
      }
      expect(checkCredit(out.trajectories, setup.rl).mismatches).toEqual([]);
    } finally {
      s.dispose();
      engine.dispose();
    }
  });
});

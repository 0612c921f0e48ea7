import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { perAgent } from '../agents/names';
import { RolloutInputError } from '../rl/errors';
import type { ReplayResult } from '../rl/replay';
import type { RunRecord } from '../run/runStore';
import type { MemoryItem, TrajectoryRow } from '../run/records';
import { tinySetup } from '../run/training/testkit';
import type { ReplayApi, ReplayBody } from '../homes/replay/workerReplay';
import { LabDb } from '../homes/storage/db';
import { createMemorySlice, type MemorySlice } from './memorySlice';
import { createReplaySlice, type ReplaySlice } from './replaySlice';
import { datasetOfRun, problemOf, RunWorldError } from '../homes/storage/runWorld';
import { createStepperSlice, type StepperSlice } from './stepperSlice';

const freshDb = () => new LabDb({ indexedDB: new IDBFactory(), IDBKeyRange });
const newStore = () => createStore<StepperSlice & MemorySlice & ReplaySlice>()((...a) => ({ ...createStepperSlice(...a), ...createMemorySlice(...a), ...createReplaySlice(...a) }));

const setup = tinySetup();
const run: RunRecord = { id: 'run-a', setup, status: 'done', createdAt: 1, updatedAt: 2, step: 2, checkpointStep: 2, baseModel: 'tiny' };

function trajectory(step: number, group: number, t: number, questionId: string): TrajectoryRow & { runId: string } {
  const z = perAgent(() => 0);
  return {
    runId: run.id,
    step,
    question_id: questionId,
    persona_id: 'p0',
    question_type: 'x',
    group,
    trajectory: t,
    local: z,
    global: t,
    ndcg: z,
    weights: z,
    integrated: z,
    advantage: z,
    rank: { ...z, global: 1 },
    format_ok: perAgent(() => true),
    outputs: { extractor: `- line ${step}.${t}`, profiler: '<profile>- p</profile>', retriever: '<final_answer>(a)</final_answer>' },
    logprobs: perAgent(() => []),
    choice: 0,
  };
}

const memory = (over: Partial<MemoryItem>): MemoryItem & { runId: string } => ({
  runId: run.id,
  step: 1,
  questionId: 'q',
  personaId: 'p0',
  group: 0,
  trajectory: 0,
  agent: 'extractor',
  kind: 'fine',
  text: 'likes green tea',
  ...over,
});

async function seeded() {
  const db = freshDb();
  const world = await datasetOfRun(db, setup.dataset);
  const [q1, q2] = world.split.train;
  await db.runs.add(run);
  await db.trajectories.bulkAdd([trajectory(1, 0, 0, q1), trajectory(1, 0, 1, q1), trajectory(2, 0, 0, q2), trajectory(2, 1, 0, q1), trajectory(2, 1, 1, q1)]);
  await db.memoryItems.bulkAdd([
    memory({}),
    memory({ text: 'owns a cat called Pip', trajectory: 1 }),
    memory({ agent: 'profiler', kind: 'coarse', text: 'Preferences:\n- green tea' }),
    memory({ personaId: 'p1', text: 'works night shifts', step: 2 }),
  ]);
  const store = newStore();
  store.getState().attachStepperDb(db);
  store.getState().attachMemoryDb(db);
  return { db, world, store, q1, q2 };
}

describe('the stepper slice', () => {
  it('opens a run at step 1, group 0, trajectory 0 with its recovered problem; walks states; finds the question at both steps for the diff', async () => {
    const { store, world, q1 } = await seeded();
    const s = store.getState();
    await s.refreshStepperRuns();
    expect(store.getState().stepper.runs.map((r) => r.id)).toEqual(['run-a']);
    await s.selectStepperRun('run-a');
    let st = store.getState().stepper;
    expect([st.step, st.group, st.trajectory, st.stepRows.length, st.error]).toEqual([1, 0, 0, 2, undefined]);
    expect(st.problem?.question.id).toBe(q1);
    expect(st.problem).toEqual(problemOf(world, q1));
    expect(st.diff).toEqual({ early: 1, late: 2 });
    expect(st.questionRows).toHaveLength(4);
    s.moveStepperStage(1);
    s.moveStepperStage(1);
    s.moveStepperStage(1);
    s.moveStepperStage(1);
    expect(store.getState().stepper.stage).toBe(3);
    await s.selectStepperStep(2);
    st = store.getState().stepper;
    // Group 1 of step 2 has a right and a wrong answer, group 0 one trajectory: the step opens on group 1.
    expect([st.step, st.group, st.stepRows.length]).toEqual([2, 1, 3]);
    await s.selectStepperGroup(1);
    expect(store.getState().stepper.problem?.question.id).toBe(q1);
  });
  it('opens a run on its first instructive group, and says when it has none', async () => {
    const { db, store } = await seeded();
    expect(store.getState().stepper.lesson).toBeUndefined();
    await store.getState().selectStepperRun('run-a');
    // The seeded run's local rewards are all 0: nothing ranks anything, so it opens on step 1 and says so.
    expect([store.getState().stepper.lesson, store.getState().stepper.step]).toEqual([null, 1]);
    // Spread in the Extractor's reward in step 2, group 1 (whose answers differ) makes that the lesson.
    await db.trajectories.where('[runId+step]').equals([run.id, 2]).modify((r) => {
      if (r.group === 1) r.local = { ...r.local, extractor: r.trajectory === 0 ? 0.2 : 0.8 };
    });
    await store.getState().selectStepperRun('run-a');
    const st = store.getState().stepper;
    expect([st.lesson, st.step, st.group]).toEqual([{ step: 2, group: 1 }, 2, 1]);
  });

  it('says which dataset is missing when a run was trained on one that is no longer stored', async () => {
    const db = freshDb();
    await expect(datasetOfRun(db, { kind: 'stored', id: 'gone' })).rejects.toThrow(RunWorldError);
    await db.runs.add({ ...run, setup: { ...setup, dataset: { kind: 'stored', id: 'gone' } } });
    await db.trajectories.add(trajectory(1, 0, 0, 'q'));
    const store = newStore();
    store.getState().attachStepperDb(db);
    await store.getState().selectStepperRun('run-a');
    expect(store.getState().stepper.error).toMatchObject({ name: 'RunWorldError', message: expect.stringMatching(/dataset "gone".*import it again/) as unknown });
  });
});

describe('the memory bank slice', () => {
  it('lists every item, narrows by search, agent and persona, and a delete stays deleted', async () => {
    const { store, db } = await seeded();
    const s = store.getState();
    await s.refreshMemory();
    expect(store.getState().memory.items).toHaveLength(4);
    expect(store.getState().memory.personas).toEqual(['p0', 'p1']);
    await s.setMemoryQuery({ search: 'GREEN tea' });
    expect(store.getState().memory.items.map((m) => m.text)).toEqual(['likes green tea', 'Preferences:\n- green tea']);
    await s.setMemoryQuery({ agent: 'profiler' });
    expect(store.getState().memory.items.map((m) => m.agent)).toEqual(['profiler']);
    await s.setMemoryQuery({ agent: undefined, search: '', personaId: 'p1', runId: 'run-a' });
    expect(store.getState().memory.query).toEqual({ personaId: 'p1', runId: 'run-a' });
    expect(store.getState().memory.items.map((m) => m.text)).toEqual(['works night shifts']);
    await s.setMemoryQuery({ personaId: undefined, runId: undefined, search: 'cat' });
    const [cat] = store.getState().memory.items;
    await s.deleteMemory(cat.seq ?? -1);
    expect(store.getState().memory.items).toEqual([]);
    const again = newStore();
    again.getState().attachMemoryDb(db);
    await again.getState().refreshMemory();
    expect(again.getState().memory.items.map((m) => m.text)).not.toContain('owns a cat called Pip');
    expect(await db.memoryItems.count()).toBe(3);
  });
});

class FakeReplay implements ReplayApi {
  readonly bodies: ReplayBody[] = [];
  fail?: Error;
  replay(body: ReplayBody, onProgress: Parameters<ReplayApi['replay']>[1]) {
    this.bodies.push(body);
    onProgress({ kind: 'progress', id: 1, phase: 'sample', done: 1, total: 3, unit: 'completions', label: 'sampling agent 1 of 3 for trajectory 1 of 1' });
    if (this.fail) return Promise.reject(this.fail);
    const result: ReplayResult = { outputs: { extractor: '- a', profiler: '<profile>- a</profile>', retriever: '<final_answer>(c)</final_answer>' }, memory: ['a'], profile: '- a', information: [], choice: 2, formatOk: perAgent(() => true), historyTurns: 3 };
    return Promise.resolve({ result, adapterStep: 2 });
  }
}

describe('the replay slice', () => {
  it('takes a history from the run dataset, sends the typed question and options, shows the three outputs or the error', async () => {
    const { db, world, store } = await seeded();
    const api = new FakeReplay();
    store.getState().attachReplay({ api, db });
    await store.getState().chooseReplayRun('run-a');
    let r = store.getState().replay;
    expect(r.questions).toHaveLength(world.questions.length);
    const q = world.questions[1];
    await store.getState().chooseReplayQuestion(q.id);
    r = store.getState().replay;
    expect([r.query, r.options, r.history]).toEqual([q.query, q.options, problemOf(world, q.id).history]);
    store.getState().setReplayQuery('Which tea do I like?');
    store.getState().setReplayOption(2, 'green tea');
    await store.getState().runReplay('wasm');
    r = store.getState().replay;
    expect(api.bodies[0]).toMatchObject({ runId: 'run-a', query: 'Which tea do I like?', options: [q.options[0], q.options[1], 'green tea', q.options[3]], backend: 'wasm' });
    expect([r.status, r.adapterStep, r.result?.choice]).toEqual(['done', 2, 2]);
    api.fail = new RolloutInputError('The replay question is empty; type a question.');
    await store.getState().runReplay();
    expect(store.getState().replay).toMatchObject({ status: 'failed', error: { name: 'RolloutInputError' } });
  });
});

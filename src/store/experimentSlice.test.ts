import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { EXAMPLE_GROUP } from '../classroom/tour';
import type { ExperimentSpec } from '../experiments/plan';
import { MemoryExperimentStore, ScriptedEvaluator, ScriptedTrainer } from '../experiments/testkit';
import type { RunSetup } from '../run/runSetup';
import { createEvalSlice, type EvalSlice } from './evalSlice';
import { createExperimentSlice, type ExperimentSlice } from './experimentSlice';
import type { LabServices } from './labServices';
import { defaultSetup } from '../run/setup';

function rig() {
  const trainer = new ScriptedTrainer();
  const setups = new Map<string, RunSetup>();
  const start = trainer.start.bind(trainer);
  trainer.start = async (s) => {
    const r = await start(s);
    setups.set(r.runId, s);
    return r;
  };
  const evaluator = new ScriptedEvaluator((id) => setups.get(id) as RunSetup);
  const store = new MemoryExperimentStore(trainer);
  let n = 0;
  const services: LabServices = {
    trainer: () => trainer,
    evaluator: () => evaluator,
    experiments: store,
    listExperiments: () => Promise.resolve([...store.records.values()]),
    deleteExperiment: (id) => Promise.resolve(void store.records.delete(id)),
    listRuns: () => Promise.resolve([]),
    latestGroup: () => Promise.resolve(EXAMPLE_GROUP),
    newId: () => `exp-${++n}`,
    now: () => 1000,
  };
  const useStore = create<ExperimentSlice & EvalSlice>()((...a) => ({ ...createExperimentSlice(...a), ...createEvalSlice(...a) }));
  return { useStore, services, store, evaluator };
}

const spec = (over: Partial<ExperimentSpec> = {}): ExperimentSpec => ({ name: 'cmp', base: { ...defaultSetup(), steps: 1 }, modes: ['adaptive', 'independent'], seeds: [1], ...over });

describe('experiment and eval slices', () => {
  it('plans, stores and runs a comparison, keeping the list and selection current', async () => {
    const { useStore, services, store } = rig();
    await useStore.getState().attachServices(services);
    await useStore.getState().startExperiment(spec());
    const s = useStore.getState().experiments;
    expect(s.runningId).toBeUndefined();
    expect(s.selectedId).toBe('exp-1');
    expect(s.list.map((e) => [e.id, e.runs.map((r) => r.state).join(',')])).toEqual([['exp-1', 'done,done']]);
    expect(store.records.get('exp-1')?.runs[1]?.result?.accuracy).toBeCloseTo(0.26, 12);
    await useStore.getState().deleteExperiment('exp-1');
    expect(useStore.getState().experiments).toMatchObject({ list: [], selectedId: undefined });
  });

  it('a bad spec becomes a message and nothing is stored', async () => {
    const { useStore, services, store } = rig();
    await useStore.getState().attachServices(services);
    await useStore.getState().startExperiment(spec({ modes: [] }));
    expect(useStore.getState().experiments.error).toMatchObject({ name: 'ExperimentSpecError' });
    expect(store.records.size).toBe(0);
  });

  it('evaluates through the evaluator with progress, and keeps its error as a message', async () => {
    const { useStore, services, evaluator } = rig();
    await useStore.getState().attachServices(services);
    await useStore.getState().startExperiment(spec({ modes: ['adaptive'] }));
    const seen: string[] = [];
    const stop = useStore.subscribe((s) => {
      if (s.evaluation.running && s.evaluation.progress) seen.push(`${s.evaluation.progress.done}/${s.evaluation.progress.total}`);
    });
    await useStore.getState().evaluate({ kind: 'run', runId: 'run-1' }, { split: 'val', limit: 4 });
    stop();
    expect(seen).toEqual(['4/4']);
    expect(useStore.getState().evaluation).toMatchObject({ running: false, result: { adapterStep: 1, report: { questions: 4 } } });
    evaluator.fail = true;
    await useStore.getState().evaluate({ kind: 'run', runId: 'run-1' }, { split: 'val' });
    expect(useStore.getState().evaluation).toMatchObject({ running: false, error: { message: 'scripted eval failure' } });
  });
});

import { describe, expect, it } from 'vitest';
import type { RunSetup } from '../run/runSetup';
import { defaultSetup } from '../run/setup';
import { aggregate } from './aggregate';
import { ExperimentStateError } from './errors';
import { experimentStatus, planExperiment, type ExperimentRecord } from './plan';
import { ExperimentRunner, type RunnerProgress } from './runner';
import { MemoryExperimentStore, ScriptedEvaluator, ScriptedTrainer } from './testkit';

function setupRig(outcome?: ConstructorParameters<typeof ScriptedTrainer>[0]) {
  const trainer = new ScriptedTrainer(outcome);
  const setups = new Map<string, RunSetup>();
  const origStart = trainer.start.bind(trainer);
  trainer.start = async (s) => {
    const r = await origStart(s);
    setups.set(r.runId, s);
    return r;
  };
  const evaluator = new ScriptedEvaluator((id) => setups.get(id) as RunSetup);
  const store = new MemoryExperimentStore(trainer);
  return { trainer, evaluator, store };
}

async function planned(store: MemoryExperimentStore, seeds = [1, 2]): Promise<ExperimentRecord> {
  const rec = planExperiment({ name: 'cmp', base: { ...defaultSetup(), steps: 2 }, modes: ['adaptive', 'independent'], seeds, evalLimit: 4 }, 'exp-1', 0);
  await store.putExperiment(rec);
  return rec;
}

describe('ExperimentRunner', () => {
  it('trains every planned run one after another, tags it, evaluates it and saves each change', async () => {
    const { trainer, evaluator, store } = setupRig();
    await planned(store);
    const updates: string[] = [];
    const progress: RunnerProgress[] = [];
    const runner = new ExperimentRunner({ trainer, evaluator, store, onUpdate: (r) => updates.push(r.runs.map((x) => x.state).join(' ')), onProgress: (p) => progress.push(p) });
    const rec = await runner.run('exp-1');
    expect(trainer.started.map((s) => [s.rl.credit_mode, s.seed])).toEqual([['adaptive', 1], ['independent', 1], ['adaptive', 2], ['independent', 2]]);
    expect([...store.tags.entries()]).toEqual([['run-1', 'exp-1'], ['run-2', 'exp-1'], ['run-3', 'exp-1'], ['run-4', 'exp-1']]);
    expect(evaluator.calls.map((c) => [c.target.kind === 'run' ? c.target.runId : '', c.limit])).toEqual([['run-1', 4], ['run-2', 4], ['run-3', 4], ['run-4', 4]]);
    expect(updates.slice(0, 3)).toEqual(['training planned planned planned', 'trained planned planned planned', 'done planned planned planned']);
    expect(experimentStatus(rec)).toBe('done');
    const stored = await store.getExperiment('exp-1');
    expect(stored?.runs.map((r) => r.state)).toEqual(['done', 'done', 'done', 'done']);
    const [ad, ind] = aggregate(stored?.runs ?? [], ['adaptive', 'independent']);
    expect(ad?.overall.mean).toBeCloseTo(0.515, 12);
    expect(ind?.overall.mean).toBeCloseTo(0.265, 12);
    expect(progress.some((p) => p.stage === 'training' && p.runIndex === 1 && p.runCount === 4 && p.label.startsWith('sampling'))).toBe(true);
    expect(progress.some((p) => p.stage === 'evaluating' && p.runKey === 'independent/seed-2')).toBe(true);
  });

  it('stops at a failed run, and a later runner resumes it from its checkpoint and finishes the rest', async () => {
    let failOnce = true;
    const { trainer, evaluator, store } = setupRig((s) => {
      if (s.rl.credit_mode === 'independent' && failOnce) {
        failOnce = false;
        return 'failed';
      }
      return 'done';
    });
    await planned(store);
    const first = await new ExperimentRunner({ trainer, evaluator, store }).run('exp-1');
    expect(first.runs.map((r) => r.state)).toEqual(['done', 'failed', 'planned', 'planned']);
    expect(first.runs[1]?.message).toMatch(/Training failed: scripted failure.*Resume the experiment/);
    expect(experimentStatus(first)).toBe('failed');

    const again = await new ExperimentRunner({ trainer, evaluator, store }).run('exp-1');
    expect(trainer.resumed).toEqual(['run-2']);
    expect(trainer.started).toHaveLength(4);
    expect(again.runs.map((r) => r.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(again.runs[1]?.message).toBeUndefined();
  });

  it('stop leaves the run in training; resuming continues that run, and a run already done is only evaluated', async () => {
    const { trainer, evaluator, store } = setupRig((s) => (s.seed === 1 && s.rl.credit_mode === 'independent' ? 'hang' : 'done'));
    await planned(store);
    const runner = new ExperimentRunner({ trainer, evaluator, store });
    const running = runner.run('exp-1');
    await expect.poll(() => trainer.statuses.get('run-2')).toBe('running');
    await expect(runner.run('exp-1')).rejects.toThrow(ExperimentStateError);
    await runner.stop();
    const stopped = await running;
    expect(stopped.runs.map((r) => r.state)).toEqual(['done', 'training', 'planned', 'planned']);
    expect(stopped.runs[1]?.message).toMatch(/Training stopped/);

    trainer.statuses.set('run-2', 'done');
    const done = await new ExperimentRunner({ trainer, evaluator, store }).run('exp-1');
    expect(trainer.resumed).toEqual([]);
    expect(evaluator.calls.filter((c) => c.target.kind === 'run' && c.target.runId === 'run-2')).toHaveLength(1);
    expect(done.runs.map((r) => r.state)).toEqual(['done', 'done', 'done', 'done']);
  });

  it('an evaluation failure keeps the run trained with a message, and a missing experiment is named', async () => {
    const { trainer, evaluator, store } = setupRig();
    await planned(store, [1]);
    evaluator.fail = true;
    await expect(new ExperimentRunner({ trainer, evaluator, store }).run('exp-1')).rejects.toThrow('scripted eval failure');
    const rec = await store.getExperiment('exp-1');
    expect(rec?.runs[0]).toMatchObject({ state: 'trained', runId: 'run-1' });
    expect(rec?.runs[0]?.message).toMatch(/Evaluation failed/);
    evaluator.fail = false;
    const done = await new ExperimentRunner({ trainer, evaluator, store }).run('exp-1');
    expect(trainer.started).toHaveLength(2);
    expect(done.runs.map((r) => r.state)).toEqual(['done', 'done']);
    await expect(new ExperimentRunner({ trainer, evaluator, store }).run('nope')).rejects.toThrow(/No experiment "nope"/);
  });
});

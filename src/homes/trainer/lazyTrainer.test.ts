import { describe, expect, it } from 'vitest';
import type { TrainerEvent } from '../../run/protocol/trainer';
import { TrainerStateError } from '../../rl/trainerErrors';
import { defaultSetup } from '../../run/setup';
import { RecordingTrainer } from '../../store/run.testkit';
import { LazyTrainer } from './lazyTrainer';

function lazy() {
  const made: RecordingTrainer[] = [];
  const trainer = new LazyTrainer(() => {
    const t = new RecordingTrainer();
    made.push(t);
    return t;
  });
  return { trainer, made };
}

describe('LazyTrainer', () => {
  it('creates the trainer on the first start only, and forwards events to earlier listeners', async () => {
    const { trainer, made } = lazy();
    const seen: TrainerEvent[] = [];
    trainer.subscribe((e) => seen.push(e));
    expect(made).toHaveLength(0);
    expect(trainer.state).toBe('not-started');
    expect(await trainer.start(defaultSetup())).toEqual({ runId: 'run-1' });
    expect(trainer.state).toBe('started');
    await trainer.pause();
    await trainer.step();
    await trainer.resume('run-1');
    await trainer.stop();
    await trainer.start(defaultSetup());
    expect(made).toHaveLength(1);
    expect(made[0].calls).toEqual(['start', 'pause', 'step', 'resume run-1', 'stop', 'start']);
    made[0].emit({ kind: 'status', runId: 'run-1', status: 'running' });
    expect(seen).toEqual([{ kind: 'status', runId: 'run-1', status: 'running' }]);
  });

  it('resume of a stored run also creates the trainer', async () => {
    const { trainer, made } = lazy();
    await trainer.resume('old-run');
    expect(made[0].calls).toEqual(['resume old-run']);
  });

  it('pause, step and stop before any start are a named error and create nothing', async () => {
    const { trainer, made } = lazy();
    for (const call of [() => trainer.pause(), () => trainer.step(), () => trainer.stop()]) {
      await expect(call()).rejects.toThrow(TrainerStateError);
    }
    await expect(trainer.step()).rejects.toThrow(/press Start/);
    expect(made).toHaveLength(0);
  });

  it('an unsubscribed listener hears nothing more', async () => {
    const { trainer, made } = lazy();
    const seen: TrainerEvent[] = [];
    const off = trainer.subscribe((e) => seen.push(e));
    await trainer.start(defaultSetup());
    off();
    made[0].emit({ kind: 'status', runId: 'run-1', status: 'done' });
    expect(seen).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { RecordingTrainer } from '../../store/run.testkit';
import type { ControlAction } from '../../store/runSlice';
import { disabledReason, type ControlContext } from './reasons';

const ACTIONS: ControlAction[] = ['start', 'pause', 'resume', 'step', 'stop'];
const trainer = new RecordingTrainer();
const reasons = (c: Partial<ControlContext>) => Object.fromEntries(ACTIONS.map((a) => [a, disabledReason(a, { trainer, status: 'idle', problems: [], ...c })]));

describe('disabledReason', () => {
  it('gives every disabled control a reason and no enabled one', () => {
    expect(reasons({ status: 'idle' })).toEqual({
      start: undefined,
      pause: 'Pause needs a training run; no run has started.',
      resume: 'Resume continues a paused run; no run has started. Stopped or failed runs resume from the Run history.',
      step: 'Single step needs a paused run; no run has started.',
      stop: 'Stop needs a loading, training or paused run; no run has started.',
    });
    const running = reasons({ status: 'running', runId: 'r' });
    expect(running.start).toBe('Start begins a new run; the run is training: stop it first.');
    expect([running.pause, running.stop]).toEqual([undefined, undefined]);
    const paused = reasons({ status: 'paused', runId: 'r' });
    expect([paused.resume, paused.step, paused.stop]).toEqual([undefined, undefined, undefined]);
    expect(paused.pause).toBe('Pause needs a training run; the run is paused.');
  });

  it('names the setup problem, a pending call and a missing trainer', () => {
    expect(disabledReason('start', { trainer, status: 'done', problems: [{ message: 'G must be ≥ 2' }, { message: 'x' }] })).toBe('Fix the setup first (2 settings): G must be ≥ 2');
    expect(disabledReason('stop', { trainer, status: 'running', busy: 'pause', problems: [] })).toBe('Waiting for pause to answer.');
    expect(disabledReason('start', { trainer: undefined, status: 'idle', problems: [] })).toBe('No trainer is connected to this page.');
  });
});

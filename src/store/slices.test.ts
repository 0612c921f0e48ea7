import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { DEFAULT_CONFIG, PRESETS } from '../rl/config';
import { AGENTS } from '../agents/registry';
import { appendBounded, createBatcher } from './buffer';
import { createHistorySlice, type HistorySlice } from './historySlice';
import { headlineOf } from '../run/runHistory';
import { allowedActions, canResumeStored, createRunSlice, MAX_POINTS, type RunSlice } from './runSlice';
import { defaultPrompts, defaultSetup } from '../run/setup';
import { createSetupSlice, modelProblems, setupProblems, type SetupSlice } from './setupSlice';
import { MemoryHistory, metricsAt, RecordingTrainer, storedRun } from './run.testkit';

const newStore = () => createStore<SetupSlice & RunSlice & HistorySlice>()((...a) => ({ ...createSetupSlice(...a), ...createRunSlice(...a), ...createHistorySlice(...a) }));

afterEach(() => {
  vi.useRealTimers();
});

describe('appendBounded', () => {
  it('keeps everything under the cap and thins older points over it, keeping the newest', () => {
    expect(appendBounded([1, 2], [3], 4)).toEqual([1, 2, 3]);
    expect(appendBounded([1, 2, 3, 4], [5], 4)).toEqual([1, 3, 5]);
    const big = appendBounded([], Array.from({ length: 10_001 }, (_, i) => i), 100);
    expect(big.length).toBeLessThanOrEqual(100);
    expect(big[0]).toBe(0);
    expect(big.at(-1)).toBe(10_000);
    expect(() => appendBounded([], [], 1)).toThrow(RangeError);
  });
});

describe('createBatcher', () => {
  it('applies a burst of items in one call after the delay', () => {
    vi.useFakeTimers();
    const calls: number[][] = [];
    const b = createBatcher<number>((xs) => calls.push(xs), 100);
    for (let i = 0; i < 50; i += 1) b.push(i);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(calls.length).toBe(1);
    expect(calls[0].length).toBe(50);
    b.push(1);
    b.cancel();
    vi.advanceTimersByTime(200);
    expect(calls.length).toBe(1);
  });
});

describe('setup slice', () => {
  it('edits GRPO fields, prompts and presets', () => {
    const store = newStore();
    const s = () => store.getState();
    s().setRl('num_generations', 1);
    expect(setupProblems(s()).map((p) => p.field)).toEqual(['rl.num_generations']);
    // A preset is TRL's defaults under its overrides, whatever was edited before; the answer format stays.
    s().applyPreset('paper');
    expect(s().setup.rl).toEqual({ ...DEFAULT_CONFIG, answer_format: 'text', ...PRESETS.paper.overrides });
    s().applyPreset('classroom');
    expect(s().setup.rl).toEqual({ ...DEFAULT_CONFIG, answer_format: 'text', ...PRESETS.classroom.overrides });
    expect(setupProblems(s())).toEqual([]);
    s().applyPreset('lesson');
    expect(s().setup.rl).toEqual(defaultSetup().rl);
    expect(setupProblems(s())).toEqual([]);
    // On letters the lesson preset's answer grounding (text answers only) stays off.
    s().setRl('answer_format', 'letter');
    s().applyPreset('lesson');
    expect(s().setup.rl).toMatchObject({ answer_format: 'letter', answer_grounding: 0, learning_rate: 3e-4 });
    expect(setupProblems(s())).toEqual([]);
    s().setRl('answer_format', 'text');
    s().setPrompt('retriever', 'edited');
    expect(s().setup.prompts.retriever).toBe('edited');
    s().resetPrompt('retriever');
    expect(s().setup.prompts.retriever).toBe(defaultPrompts('text').retriever);
    s().setRl('answer_format', 'letter');
    s().resetPrompt('retriever');
    expect(s().setup.prompts.retriever).toBe(AGENTS.retriever.prompt.text);
  });

  it('asks for a model check, then refuses a model over the memory limit before download', () => {
    const store = newStore();
    const s = () => store.getState();
    s().updateSetup((x) => ({ ...x, model: { kind: 'hub', repo: 'Qwen/Qwen2.5-0.5B', revision: 'main' }, precision: 'f32' }));
    expect(modelProblems(s())[0].message).toMatch(/Check the model/);
    const shape = { vocabSize: 151936, hiddenSize: 896, intermediateSize: 4864, numLayers: 24, numHeads: 14, numKvHeads: 2, headDim: 64, tieEmbeddings: true, attentionBias: true };
    s().setModelCheck({ status: 'ok', repo: 'Qwen/Qwen2.5-0.5B', revision: 'main', info: { shape, downloadBytes: 988e6, files: [] } });
    expect(modelProblems(s())[0].message).toMatch(/needs about .* GB of GPU memory .* over the limit of 2.00 GB.*it will not be downloaded/);
    s().setMemoryLimit(100e9);
    expect(modelProblems(s())).toEqual([]);
    s().setModelCheck({ status: 'error', repo: 'Qwen/Qwen2.5-0.5B', revision: 'main', message: 'gated' });
    expect(modelProblems(s())).toEqual([{ field: 'model.check', message: 'gated' }]);
  });

  it('refuses a precision the checked model cannot be loaded at (int4 needs input widths in multiples of 32)', () => {
    const store = newStore();
    const s = () => store.getState();
    s().updateSetup((x) => ({ ...x, model: { kind: 'hub', repo: 'odd/model', revision: 'main' }, precision: 'int4' }));
    const shape = { vocabSize: 100, hiddenSize: 48, intermediateSize: 96, numLayers: 2, numHeads: 4, numKvHeads: 4, headDim: 12, tieEmbeddings: true, attentionBias: false };
    s().setModelCheck({ status: 'ok', repo: 'odd/model', revision: 'main', info: { shape, downloadBytes: 1e6, files: [] } });
    expect(modelProblems(s())).toEqual([{ field: 'precision', message: 'odd/model cannot be loaded at int4: a layer\'s input width is not a multiple of 32. Choose int8 or f32.' }]);
    s().updateSetup((x) => ({ ...x, precision: 'int8' }));
    expect(modelProblems(s())).toEqual([]);
  });
});

describe('run slice', () => {
  it('drives the trainer through start, pause, step, resume and stop', async () => {
    const store = newStore();
    const s = () => store.getState();
    const trainer = new RecordingTrainer();
    expect(allowedActions(s().run).start).toBe(false);
    s().attachTrainer(trainer);
    await s().control('pause');
    expect(trainer.calls).toEqual([]);
    await s().control('start');
    expect(trainer.setups[0]).toEqual(s().setup);
    expect(trainer.setups[0]).not.toBe(s().setup);
    expect(s().run).toMatchObject({ runId: 'run-1', status: 'loading' });
    trainer.emit({ kind: 'status', runId: 'run-1', status: 'running' });
    s().flushEvents();
    await s().control('pause');
    trainer.emit({ kind: 'status', runId: 'run-1', status: 'paused' });
    s().flushEvents();
    await s().control('step');
    await s().control('resume');
    trainer.emit({ kind: 'status', runId: 'run-1', status: 'running' });
    s().flushEvents();
    await s().control('stop');
    expect(trainer.calls).toEqual(['start', 'pause', 'step', 'resume run-1', 'stop']);
  });

  it('batches events: steps into a bounded buffer, progress per phase, errors; ignores other runs', () => {
    vi.useFakeTimers();
    const store = newStore();
    const s = () => store.getState();
    const trainer = new RecordingTrainer();
    s().attachTrainer(trainer);
    trainer.emit({ kind: 'status', runId: 'r', status: 'running' });
    for (let i = 1; i <= MAX_POINTS + 10; i += 1) trainer.emit({ kind: 'step', runId: 'r', metrics: metricsAt(i) });
    trainer.emit({ kind: 'progress', runId: 'r', phase: 'sample', done: 5, total: 24, unit: 'completions', label: 'sampling agent 2 of 3 for trajectory 2 of 8' });
    trainer.emit({ kind: 'step', runId: 'other', metrics: metricsAt(99_999) });
    trainer.emit({ kind: 'error', runId: 'r', error: { name: 'ConfigError', message: 'bad' } });
    expect(s().run.metrics).toEqual([]);
    vi.advanceTimersByTime(100);
    const run = s().run;
    expect(run.metrics.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(run.metrics.at(-1)?.step).toBe(MAX_POINTS + 10);
    expect(run.metrics[0].step).toBe(1);
    expect(run.progress.sample).toEqual({ done: 5, total: 24, unit: 'completions', label: 'sampling agent 2 of 3 for trajectory 2 of 8' });
    expect(run.error?.message).toBe('bad');
    trainer.emit({ kind: 'status', runId: 'r', status: 'done' });
    s().flushEvents();
    expect(s().run.progress).toEqual({});
  });

  it('keeps Start from running an invalid setup, and shows a failed call as an error', async () => {
    const store = newStore();
    const s = () => store.getState();
    const trainer = new RecordingTrainer();
    s().attachTrainer(trainer);
    s().setRl('num_generations', 1);
    await s().control('start');
    expect(trainer.calls).toEqual([]);
    expect(s().run.error?.message).toMatch(/num_generations/);
    s().setRl('num_generations', 4);
    trainer.failNext = new Error('no GPU');
    await s().control('start');
    expect(s().run).toMatchObject({ status: 'failed', error: { message: 'no GPU' }, busy: undefined });
  });

  it('unsubscribes from a detached trainer', () => {
    const store = newStore();
    const trainer = new RecordingTrainer();
    store.getState().attachTrainer(trainer);
    expect(trainer.listenerCount).toBe(1);
    store.getState().attachTrainer(undefined);
    expect(trainer.listenerCount).toBe(0);
  });
});

describe('history slice', () => {
  it('lists, views, overlays and deletes runs through the RunHistorySource', async () => {
    const store = newStore();
    const s = () => store.getState();
    const source = new MemoryHistory([storedRun('a', defaultSetup(), 3), storedRun('b', defaultSetup(), 5)]);
    await s().attachHistory(source);
    expect(s().history.runs.map((r) => r.id)).toEqual(['a', 'b']);
    await s().viewRun('a');
    await s().overlayRun('b');
    expect(s().history.viewed?.metrics.length).toBe(3);
    expect(s().history.overlay?.summary.id).toBe('b');
    await s().deleteRun('b');
    expect(s().history.runs.map((r) => r.id)).toEqual(['a']);
    expect(s().history.overlay).toBeUndefined();
    await s().viewRun('zzz');
    expect(s().history.error?.message).toBe('no run zzz');
    expect(s().history.loading).toBe(false);
  });

  it('follows a live run: every stored step or status re-reads the list, without a reload', async () => {
    const store = newStore();
    const s = () => store.getState();
    const trainer = new RecordingTrainer();
    s().attachTrainer(trainer);
    const live = storedRun('run-1', defaultSetup(), 0);
    live.summary.status = 'running';
    const source = new MemoryHistory([live]);
    await s().attachHistory(source);
    expect(s().history.runs[0].headline.steps).toBe(0);
    const before = s().storedRuns;
    // The trainer stored step 1 (the Dexie source would now read it), then emitted it.
    source.runs[0] = storedRun('run-1', defaultSetup(), 1);
    trainer.emit({ kind: 'step', runId: 'run-1', metrics: metricsAt(1) });
    s().flushEvents();
    await vi.waitFor(() => expect(s().history.runs[0].headline.steps).toBe(1));
    expect(s().storedRuns).toBe(before + 1);
    // Progress alone stores nothing: no re-read.
    trainer.emit({ kind: 'progress', runId: 'run-1', phase: 'sample', done: 1, total: 2, unit: 'tokens', label: '' });
    s().flushEvents();
    expect(s().storedRuns).toBe(before + 1);
  });

  it('summarises a run’s headline numbers', () => {
    const h = headlineOf([metricsAt(1, 0.2), metricsAt(2, 0.6), metricsAt(3, 0.4)]);
    expect(h).toEqual({ steps: 3, lastGlobal: 0.4, bestGlobal: 0.6, lastWeights: { extractor: 0.5, profiler: 0.3, retriever: 0.2 } });
    expect(headlineOf([])).toEqual({ steps: 0, lastGlobal: null, bestGlobal: null, lastWeights: null });
  });
});

describe('resuming a stored run from the history', () => {
  it('makes it the live run with its steps up to the checkpoint, and asks the trainer to resume it', async () => {
    const store = newStore();
    const s = () => store.getState();
    const trainer = new RecordingTrainer();
    s().attachTrainer(trainer);
    const past = { ...storedRun('past', defaultSetup(), 5) };
    past.summary = { ...past.summary, status: 'paused', checkpointStep: 3 };
    const history = new MemoryHistory([past]);
    expect(canResumeStored(s().run, past.summary)).toBe(true);
    expect(canResumeStored(s().run, { ...past.summary, status: 'done' })).toBe(false);
    expect(canResumeStored(s().run, { ...past.summary, status: 'running' })).toBe(false);
    expect(canResumeStored(s().run, { ...past.summary, status: 'running', interrupted: true })).toBe(true);
    await s().resumeStored(past.summary, history);
    expect(trainer.calls).toEqual(['resume past']);
    expect(s().run).toMatchObject({ runId: 'past', status: 'loading', busy: undefined });
    expect(s().run.metrics.map((m) => m.step)).toEqual([1, 2, 3]);
    // Now live: the same run cannot be resumed again from the history, and its events are applied.
    expect(canResumeStored(s().run, past.summary)).toBe(false);
    trainer.emit({ kind: 'status', runId: 'past', status: 'running' });
    trainer.emit({ kind: 'step', runId: 'past', metrics: metricsAt(4) });
    s().flushEvents();
    expect(s().run.metrics.map((m) => m.step)).toEqual([1, 2, 3, 4]);
  });

  it('a run that cannot be opened or resumed leaves a message and a failed status, never a crash', async () => {
    const store = newStore();
    const s = () => store.getState();
    const trainer = new RecordingTrainer();
    s().attachTrainer(trainer);
    const gone = storedRun('gone', defaultSetup(), 2);
    await s().resumeStored({ ...gone.summary, status: 'stopped' }, new MemoryHistory([]));
    expect(s().run.error?.message).toMatch(/no run gone/);
    expect(s().run.status).toBe('failed');
    expect(trainer.calls).toEqual([]);
  });
});

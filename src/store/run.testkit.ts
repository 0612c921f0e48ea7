// Test doubles for the store tests only (imported by *.test.ts, never by the app): step metrics built
// from a few numbers, a TrainerApi that records calls and emits what a test tells it to, a history in memory.

import { perAgent } from '../agents/names';
import type { RunSetup } from '../run/runSetup';
import type { StepMetrics } from '../run/records';
import type { TrainerApi, TrainerEvent } from '../run/protocol/trainer';
import { headlineOf, type RunHistorySource, type StoredRun } from '../run/runHistory';

export function metricsAt(step: number, global = step / 10): StepMetrics {
  const stat = (m: number) => ({ mean: m, min: m - 0.1, max: m + 0.1 });
  return {
    step,
    local: perAgent((a) => stat(a === 'extractor' ? 0.5 : a === 'profiler' ? 0.4 : 0.3)),
    global: stat(global),
    weights: { extractor: 0.5, profiler: 0.3, retriever: 0.2 },
    loss: perAgent(() => 1 / (step + 1)),
    kl: perAgent(() => 0.01),
    entropy: perAgent(() => 2),
    gradNorm: perAgent(() => 0.7),
    tokensPerSec: 120,
    zeroSpreadFraction: 0.25,
    nanRewards: 0,
    skippedUpdates: [],
    wallMs: 900,
  };
}

export class RecordingTrainer implements TrainerApi {
  readonly calls: string[] = [];
  readonly setups: RunSetup[] = [];
  private listeners = new Set<(e: TrainerEvent) => void>();
  failNext?: Error;
  private answer(call: string): Promise<void> {
    this.calls.push(call);
    const err = this.failNext;
    this.failNext = undefined;
    return err ? Promise.reject(err) : Promise.resolve();
  }
  async start(setup: RunSetup) {
    this.setups.push(setup);
    await this.answer('start');
    return { runId: 'run-1' };
  }
  resume(runId: string) {
    return this.answer(`resume ${runId}`);
  }
  pause() {
    return this.answer('pause');
  }
  step() {
    return this.answer('step');
  }
  stop() {
    return this.answer('stop');
  }
  subscribe(listener: (e: TrainerEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(e: TrainerEvent) {
    for (const l of this.listeners) l(e);
  }
  get listenerCount() {
    return this.listeners.size;
  }
}

export class MemoryHistory implements RunHistorySource {
  constructor(readonly runs: StoredRun[]) {}
  list() {
    return Promise.resolve(this.runs.map((r) => r.summary));
  }
  open(id: string) {
    const run = this.runs.find((r) => r.summary.id === id);
    return run ? Promise.resolve(run) : Promise.reject(new Error(`no run ${id}`));
  }
  delete(id: string) {
    const i = this.runs.findIndex((r) => r.summary.id === id);
    if (i >= 0) this.runs.splice(i, 1);
    return Promise.resolve();
  }
}

export function storedRun(id: string, setup: RunSetup, steps: number): StoredRun {
  const metrics = Array.from({ length: steps }, (_, i) => metricsAt(i + 1));
  return { summary: { id, createdAt: 1_700_000_000_000, status: 'done', setup, headline: headlineOf(metrics) }, metrics };
}

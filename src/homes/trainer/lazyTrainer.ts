// A TrainerApi that creates the real trainer (the worker) only when a run is started or resumed, so
// the page stays light until then; listeners subscribed earlier are carried over to it.

import type { RunSetup } from '../../run/runSetup';
import type { TrainerApi, TrainerEvent } from '../../run/protocol/trainer';
import { TrainerStateError } from '../../rl/trainerErrors';

/** Whether the underlying trainer exists yet. */
export type LazyState = 'not-started' | 'started';

export class LazyTrainer implements TrainerApi {
  private inner: TrainerApi | undefined;
  private readonly listeners = new Set<(e: TrainerEvent) => void>();

  constructor(private readonly create: () => TrainerApi) {}

  get state(): LazyState {
    return this.inner ? 'started' : 'not-started';
  }

  private ensure(): TrainerApi {
    if (!this.inner) {
      const inner = this.create();
      inner.subscribe((e) => {
        for (const l of this.listeners) l(e);
      });
      this.inner = inner;
    }
    return this.inner;
  }

  /** Calls that need a run already loaded: before the first start there is nothing to control. */
  private started(action: string, call: (t: TrainerApi) => Promise<void>): Promise<void> {
    if (!this.inner) return Promise.reject(new TrainerStateError(`Cannot ${action}: no run has been started in this page yet; press Start (or resume a stored run) first.`, { action }));
    return call(this.inner);
  }

  start(setup: RunSetup): Promise<{ runId: string }> {
    return this.ensure().start(setup);
  }

  resume(runId: string): Promise<void> {
    return this.ensure().resume(runId);
  }

  pause(): Promise<void> {
    return this.started('pause', (t) => t.pause());
  }

  step(): Promise<void> {
    return this.started('single-step', (t) => t.step());
  }

  stop(): Promise<void> {
    return this.started('stop', (t) => t.stop());
  }

  subscribe(listener: (event: TrainerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

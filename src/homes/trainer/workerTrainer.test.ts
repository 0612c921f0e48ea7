import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enableGradients } from '../../model/gradients';
import type { Endpoint } from '../../protocol/client';
import type { TrainerEvent } from '../../run/protocol/trainer';
import { WorkerCrashedError } from '../../protocol/errors';
import type { TrainerMessage } from '../../run/protocol/trainerMessages';
import { TrainerSetupError, TrainerStateError } from '../../rl/trainerErrors';
import { hostTrainer } from './trainerHost';
import { fixtureTrainerDeps, tinySetup } from '../../run/training/testkit';
import { InProcessTrainer } from '../../run/trainer';
import { LabDb } from '../storage/db';
import { DexieRunStore, runMetrics } from '../storage/runs';
import { WorkerTrainer } from './workerTrainer';

/** A node MessagePort as the DOM-style endpoint the proxy expects. */
function endpoint(port: import('node:worker_threads').MessagePort): Endpoint {
  return {
    postMessage: (m: unknown) => port.postMessage(m),
    addEventListener: (type: 'message' | 'error', listener: (ev: MessageEvent & Event) => void) => {
      if (type === 'message') port.on('message', (data: unknown) => listener({ data } as MessageEvent & Event));
    },
  };
}

let cleanup: (() => void)[] = [];
beforeAll(async () => {
  await enableGradients();
});
afterEach(() => {
  cleanup.forEach((f) => f());
  cleanup = [];
});

describe('the trainer behind the worker protocol (MessageChannel, wasm)', { timeout: 120_000 }, () => {
  it('starts a run, streams its events, and rebuilds named errors on the UI side', async () => {
    const db = new LabDb({ indexedDB: new IDBFactory(), IDBKeyRange });
    const inner = new InProcessTrainer({
      ...fixtureTrainerDeps(new DexieRunStore(db)),
    });
    const { port1, port2 } = new MessageChannel();
    const handle = hostTrainer(inner, (m: TrainerMessage) => port2.postMessage(m));
    port2.on('message', (data: unknown) => void handle(data));
    cleanup.push(() => {
      inner.dispose();
      port1.close();
      port2.close();
    });
    const ui = new WorkerTrainer(endpoint(port1));
    const events: TrainerEvent[] = [];
    const finished = new Promise<void>((resolve) =>
      ui.subscribe((e) => {
        events.push(e);
        if (e.kind === 'status' && e.status === 'done') resolve();
      }),
    );
    const { runId } = await ui.start(tinySetup({ steps: 2 }));
    await finished;
    expect(events.filter((e) => e.kind === 'step').map((e) => (e.kind === 'step' ? e.metrics.step : 0))).toEqual([1, 2]);
    expect(events.some((e) => e.kind === 'progress' && e.phase === 'sample')).toBe(true);
    expect((await runMetrics(db, runId)).map((m) => m.step)).toEqual([1, 2]);
    await expect(ui.step()).rejects.toThrow(TrainerStateError);
    await expect(ui.start(tinySetup({ questionsPerStep: 0 }))).rejects.toThrow(TrainerSetupError);
  });
});

describe('a crashed trainer worker', () => {
  it('rejects the pending request and reports the run it was training as failed', async () => {
    const listeners: Record<string, ((ev: MessageEvent & Event) => void)[]> = { message: [], error: [] };
    const posted: unknown[] = [];
    const fake: Endpoint = {
      postMessage: (m: unknown) => posted.push(m),
      addEventListener: (type: 'message' | 'error', listener: (ev: MessageEvent & Event) => void) => listeners[type].push(listener),
    };
    const ui = new WorkerTrainer(fake);
    const events: TrainerEvent[] = [];
    ui.subscribe((e) => events.push(e));
    const event = { kind: 'status', runId: 'r1', status: 'running' } as const;
    for (const l of listeners.message) l({ data: { kind: 'event', event } } as MessageEvent & Event);
    const pending = ui.pause();
    for (const l of listeners.error) l({ type: 'error' } as MessageEvent & Event);
    await expect(pending).rejects.toThrow(WorkerCrashedError);
    expect(events.slice(1).map((e) => [e.kind, e.runId, e.kind === 'status' ? e.status : e.kind === 'error' ? e.error.name : ''])).toEqual([
      ['error', 'r1', 'WorkerCrashedError'],
      ['status', 'r1', 'failed'],
    ]);
    expect(posted).toHaveLength(1);
  });
});

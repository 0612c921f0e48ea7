import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enableGradients } from '../model/gradients';
import { gpuErrorFor } from '../model/webgpu/gpuErrors';
import type { RunSetup } from './runSetup';
import type { StepMetrics } from './records';
import type { TrainerEvent } from './protocol/trainer';
import { LabDb } from '../homes/storage/db';
import { DexieRunStore, runMemoryItems, runMetrics, runTrajectories } from '../homes/storage/runs';
import type { TrajectoryRewards } from '../rl/rewards';
import { RunLockedError, TrainerSetupError } from '../rl/trainerErrors';
import type { SessionHooks } from './training/grpoStep';
import { fixtureTrainerDeps, tinySetup } from './training/testkit';
import type { RunLock } from './training/deps';
import { validateSetup } from './setup';
import { InProcessTrainer, type TrainerDeps } from './trainer';

const spread = (_step: number, rewards: TrajectoryRewards[][]) => {
  rewards.forEach((group) =>
    group.forEach((r, i) => {
      r.local = { extractor: i % 2, profiler: (i + 1) % 2, retriever: i % 2 };
      r.global = i % 2;
    }),
  );
};

/** One lock table per test, as Web Locks would be per origin. */
function memoryLock(): RunLock {
  const held = new Set<string>();
  return {
    acquire: (runId) => {
      if (held.has(runId)) return Promise.reject(new RunLockedError(`Run ${runId} is being trained elsewhere.`, { runId }));
      held.add(runId);
      return Promise.resolve(() => held.delete(runId));
    },
  };
}

let trainers: InProcessTrainer[] = [];
function trainer(db: LabDb, over: Partial<TrainerDeps> = {}): InProcessTrainer {
  let n = 0;
  const t = new InProcessTrainer({
    ...fixtureTrainerDeps(new DexieRunStore(db)),
    newRunId: () => `run-${++n}`,
    hooks: { rewards: spread },
    ...over,
  });
  trainers.push(t);
  return t;
}
/** A 1-step run started under `lock` and waited for (done, or failed when `over` breaks it): its trainer and id. */
async function oneStepRun(db: LabDb, lock: RunLock, over: Partial<TrainerDeps> = {}): Promise<{ t: InProcessTrainer; runId: string }> {
  const t = trainer(db, { lock, ...over });
  const { runId } = await t.start(tinySetup({ steps: 1 }));
  await t.idle();
  return { t, runId };
}

const freshDb = () => new LabDb({ indexedDB: new IDBFactory(), IDBKeyRange });
const comparable = (m: StepMetrics) => ({ ...m, wallMs: 0, tokensPerSec: 0 });

beforeAll(async () => {
  await enableGradients();
});
afterEach(() => {
  trainers.forEach((t) => t.dispose());
  trainers = [];
});

describe('the in-process trainer with IndexedDB persistence (wasm)', { timeout: 180_000 }, () => {
  it('trains a run to the end, storing every step, trajectories, memory items and checkpoints every K steps', async () => {
    const db = freshDb();
    const t = trainer(db);
    const events: TrainerEvent[] = [];
    t.subscribe((e) => events.push(e));
    const { runId } = await t.start(tinySetup({ steps: 3, checkpointEvery: 2 }));
    await t.idle();
    expect(t.runStatus).toBe('done');
    expect((await runMetrics(db, runId)).map((m) => m.step)).toEqual([1, 2, 3]);
    expect(await runTrajectories(db, runId)).toHaveLength(3 * 2);
    const memory = await runMemoryItems(db, runId);
    expect(memory.every((m) => m.runId === runId && m.step >= 1 && (m.agent === 'extractor' || m.agent === 'profiler'))).toBe(true);
    expect((await db.checkpoints.where('runId').equals(runId).toArray()).map((c) => c.step)).toEqual([2, 3]);
    expect((await db.adapters.where('runId').equals(runId).toArray()).map((a) => Object.keys(a.files).sort())).toEqual(
      Array(3).fill(['adapter_config.json', 'adapter_model.safetensors']),
    );
    const run = await db.runs.get(runId);
    expect(run).toMatchObject({ status: 'done', step: 3, checkpointStep: 3, baseModel: 'tiny-llama-f32' });
    const phases = new Set(events.flatMap((e) => (e.kind === 'progress' ? [e.phase] : [])));
    expect([...phases].sort()).toEqual(['checkpoint', 'sample', 'score', 'update']);
    expect(events.some((e) => e.kind === 'progress' && e.label === 'sampling agent 3 of 3 for trajectory 2 of 2')).toBe(true);
  });

  it('Stop saves a checkpoint of the last stored step first (running or paused), so its adapters can be exported and resumed from', async () => {
    const db = freshDb();
    // Stop is pressed while step 2 is being scored: the step completes, then the run stops.
    const t: InProcessTrainer = trainer(db, {
      hooks: {
        rewards: (step, r) => {
          spread(step, r);
          if (step === 2) void t.stop();
        },
      },
    });
    const events: TrainerEvent[] = [];
    t.subscribe((e) => events.push(e));
    const { runId } = await t.start(tinySetup({ steps: 5, checkpointEvery: 10 }));
    await t.idle();
    expect(t.runStatus).toBe('stopped');
    expect(await db.runs.get(runId)).toMatchObject({ status: 'stopped', step: 2, checkpointStep: 2 });
    expect((await db.adapters.where('runId').equals(runId).toArray()).map((a) => [a.agent, a.step])).toEqual([
      ['extractor', 2],
      ['profiler', 2],
      ['retriever', 2],
    ]);
    expect(events.some((e) => e.kind === 'progress' && e.phase === 'checkpoint' && e.label === 'saved checkpoint at step 2 (stop)')).toBe(true);

    // Paused, then stopped: the same. A run stopped at its checkpoint saves none again.
    const p = trainer(db, { newRunId: () => 'run-paused' });
    const paused = await p.start(tinySetup({ steps: 5, checkpointEvery: 10 }));
    await p.pause();
    await p.step();
    expect(await db.runs.get(paused.runId)).toMatchObject({ status: 'paused', step: 1, checkpointStep: 0 });
    await p.stop();
    expect(await db.runs.get(paused.runId)).toMatchObject({ status: 'stopped', step: 1, checkpointStep: 1 });
    expect((await db.checkpoints.where('runId').equals(paused.runId).toArray()).map((c) => c.step)).toEqual([1]);

    // The checkpoint holds the session's state: a resume continues at step 2 from it.
    const r = trainer(db);
    await r.resume(paused.runId);
    await r.pause();
    await r.step();
    expect((await runMetrics(db, paused.runId)).map((m) => m.step)).toEqual([1, 2]);
  });

  it('a run killed after its checkpoint resumes to the same steps as an uninterrupted run', async () => {
    const setup: RunSetup = tinySetup({ steps: 4, checkpointEvery: 2 });
    const dbA = freshDb();
    const a = trainer(dbA);
    const { runId: idA } = await a.start(setup);
    await a.idle();
    const whole = await runMetrics(dbA, idA);
    const wholeTraj = await runTrajectories(dbA, idA);
    a.dispose();

    const dbB = freshDb();
    const b = trainer(dbB);
    b.subscribe((e) => {
      if (e.kind === 'step' && e.metrics.step === 3) void b.pause();
    });
    const { runId } = await b.start(setup);
    await b.idle();
    expect((await runMetrics(dbB, runId)).map((m) => m.step)).toEqual([1, 2, 3]);
    b.dispose(); // killed: step 3 is after the last checkpoint (2)

    const c = trainer(dbB);
    await c.resume(runId);
    await c.idle();
    const resumed = await runMetrics(dbB, runId);
    expect(resumed.map((m) => m.step)).toEqual([1, 2, 3, 4]);
    expect(resumed.map((m) => comparable(m))).toEqual(whole.map((m) => comparable(m)));
    const strip = (rows: { seq?: number; runId: string }[]) => rows.map(({ seq: _s, runId: _r, ...rest }) => rest);
    expect(strip(await runTrajectories(dbB, runId))).toEqual(strip(wholeTraj));
  });

  it('a quota error while saving a step stores nothing of it, pauses with a message, and resume retries it', async () => {
    const db = freshDb();
    let armed = true;
    db.memoryItems.hook('creating', (_key, item) => {
      if (armed && item.step === 2) {
        armed = false;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
    });
    const t = trainer(db);
    const { runId } = await t.start(tinySetup({ steps: 3, checkpointEvery: 2 }));
    await t.idle();
    expect(t.runStatus).toBe('paused');
    const run = await db.runs.get(runId);
    expect(run?.status).toBe('paused');
    expect(run?.message).toMatch(/storage is full: step 2 was not saved/);
    expect((await runMetrics(db, runId)).map((m) => m.step)).toEqual([1]);
    expect((await runTrajectories(db, runId)).every((x) => x.step === 1)).toBe(true);
    expect(await db.checkpoints.count()).toBe(0);
    await t.resume(runId);
    await t.idle();
    expect(t.runStatus).toBe('done');
    expect((await runMetrics(db, runId)).map((m) => m.step)).toEqual([1, 2, 3]);
  });

  it('a lost device pauses the run with a message; resume reloads from the last checkpoint', async () => {
    const db = freshDb();
    let lose = true;
    const hooks: SessionHooks = {
      rewards: (step, rewards) => {
        spread(step, rewards);
        if (step === 3 && lose) {
          lose = false;
          throw Object.assign(new Error('GPU device was lost: destroyed'), { name: 'DeviceLostError' });
        }
      },
    };
    const t = trainer(db, { hooks, isDeviceLost: (e) => e instanceof Error && e.name === 'DeviceLostError' });
    const { runId } = await t.start(tinySetup({ steps: 4, checkpointEvery: 2 }));
    await t.idle();
    expect(t.runStatus).toBe('paused');
    expect((await db.runs.get(runId))?.message).toMatch(/GPU device was lost .* checkpoint at step 2/);
    await t.resume(runId);
    await t.idle();
    expect(t.runStatus).toBe('done');
    expect((await runMetrics(db, runId)).map((m) => m.step)).toEqual([1, 2, 3, 4]);
  });

  it('a WebGPU error in an agent update pauses the run with the named error, commits nothing of the step, and resume redoes it from the checkpoint', async () => {
    const cleanDb = freshDb();
    const clean = trainer(cleanDb);
    const ref = await clean.start(tinySetup({ steps: 2, checkpointEvery: 1 }));
    await clean.idle();
    const reference = (await runMetrics(cleanDb, ref.runId)).map(comparable);
    clean.dispose();

    const db = freshDb();
    let fail = true;
    const hooks: SessionHooks = {
      rewards: spread,
      gradients: (step, agent, grads) => {
        // The Profiler's update at step 2 fails after the Extractor's update of that step was applied.
        if (step === 2 && agent === 'profiler' && fail) {
          fail = false;
          throw gpuErrorFor('the profiler update (loss and gradients)', 'validation', 'Error while parsing. - While calling [Device].CreateComputePipeline([ComputePipelineDescriptor ""AddNPackedProgram""]).');
        }
        return grads;
      },
    };
    const t = trainer(db, { hooks });
    const events: TrainerEvent[] = [];
    t.subscribe((e) => events.push(e));
    const { runId } = await t.start(tinySetup({ steps: 2, checkpointEvery: 1 }));
    await t.idle();
    expect(t.runStatus).toBe('paused');
    const error = events.find((e) => e.kind === 'error');
    expect(error?.kind === 'error' && error.error).toMatchObject({ name: 'WebGpuError', data: { kind: 'validation', operation: 'AddNPackedProgram' } });
    expect((await db.runs.get(runId))?.message).toMatch(/^WebGpuError: WebGPU validation error during the profiler update .* in AddNPackedProgram.* checkpoint at step 1/);
    expect((await runMetrics(db, runId)).map((m) => m.step)).toEqual([1]);
    await t.resume(runId);
    await t.idle();
    expect(t.runStatus).toBe('done');
    // Same metrics as the run that never failed: the Extractor's in-memory update of the failed step was dropped.
    expect((await runMetrics(db, runId)).map(comparable)).toEqual(reference);
  });

  it('start checks the setup with the run\'s one validator, naming every problem, before anything is stored', async () => {
    const db = freshDb();
    const t = trainer(db);
    // Neither an unknown LoRA target nor a prompt without its slots was refused here before run/setup.ts's validateSetup.
    const bad = tinySetup({ lora: { r: 4, alpha: 8, targets: ['q_proj', 'qq_proj'] }, prompts: { ...tinySetup().prompts, profiler: 'no slot here' } });
    const err = await t.start(bad).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TrainerSetupError);
    expect((err as Error).message).toMatch(/^The run setup has 2 problems: "prompts\.profiler": The profiler prompt has .*"lora\.targets": Unknown LoRA target qq_proj/);
    expect(validateSetup(bad).map((p) => p.field)).toEqual(['prompts.profiler', 'lora.targets']);
    expect(await db.runs.count()).toBe(0);
  });

  it('a second trainer cannot train a run another one holds', async () => {
    const db = freshDb();
    const lock = memoryLock();
    const { runId } = await oneStepRun(db, lock);
    const other = trainer(db, { lock });
    await expect(other.resume(runId)).rejects.toThrow(RunLockedError);
    expect((await db.runs.get(runId))?.status).toBe('done');
  });

  it('a run whose model fails to load is marked failed with the reason and releases its lock', async () => {
    const db = freshDb();
    const lock = memoryLock();
    const { runId } = await oneStepRun(db, lock, { loadModel: () => Promise.reject(new TrainerSetupError('no tokenizer.json here')) });
    expect(await db.runs.get(runId)).toMatchObject({ status: 'failed', message: 'no tokenizer.json here' });
    await expect(lock.acquire(runId)).resolves.toBeTypeOf('function');
  });

  it('a resume whose checkpoint cannot be read marks the run failed with the reason and releases its lock', async () => {
    const db = freshDb();
    const lock = memoryLock();
    const { t, runId } = await oneStepRun(db, lock);
    t.dispose();
    class CutCheckpoints extends DexieRunStore {
      override latestCheckpoint(): Promise<undefined> {
        return Promise.reject(new TrainerSetupError('state.json is cut off'));
      }
    }
    const broken = trainer(db, { lock, store: new CutCheckpoints(db) });
    await expect(broken.resume(runId)).rejects.toThrow(/state\.json is cut off/);
    expect(await db.runs.get(runId)).toMatchObject({ status: 'failed', message: 'state.json is cut off' });
    await expect(lock.acquire(runId)).resolves.toBeTypeOf('function');
  });
});

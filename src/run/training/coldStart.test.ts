// The cold-start SFT stage wired into the trainer: a few SFT steps move every agent's adapter and lower
// its SFT loss on the fixture model, the loop runs it before step 1 with progress, and bad settings are named.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_NAMES } from '../../agents/names';
import { enableGradients } from '../../model/gradients';
import type { TrainerEvent } from '../protocol/trainer';
import { LabDb } from '../../homes/storage/db';
import { rubricJudge } from '../../judge/rubric';
import { DexieRunStore, runMetrics } from '../../homes/storage/runs';
import { TrainerSetupError } from '../../rl/trainerErrors';
import { TrainingSession } from './session';
import { fixtureModel, fixtureTrainerDeps, tinySetup, tinyWorld } from './testkit';
import { InProcessTrainer } from '../trainer';

const cleanup: (() => void)[] = [];
beforeAll(async () => {
  await enableGradients();
});
afterEach(() => {
  cleanup.splice(0).forEach((f) => f());
});

describe('cold-start SFT before GRPO', { timeout: 600_000 }, () => {
  it('a few SFT steps change every adapter and lower each agent\'s SFT loss', async () => {
    const { engine, codec } = await fixtureModel('wasm');
    cleanup.push(() => engine.dispose());
    // One training question: every SFT step sees the same demonstration per agent, so its loss must fall.
    const world = tinyWorld();
    const dataset = { ...world, split: { ...world.split, train: world.split.train.slice(0, 1) } };
    const session = new TrainingSession({ engine, codec, dataset, judge: rubricJudge(), setup: tinySetup({ coldStart: { steps: 3, lr: 0.05 } }) });
    cleanup.push(() => session.dispose());
    const snapshot = () => AGENT_NAMES.map((n) => engine.adapter(session.adapters[n]).variables().map((v) => Array.from(v.dataSync())));
    const before = snapshot();
    const labels: string[] = [];
    const report = await session.coldStart((phase, done, total, _unit, label) => {
      expect(phase).toBe('cold-start');
      expect(total).toBe(9);
      labels.push(`${done}:${label}`);
    });
    const after = snapshot();
    AGENT_NAMES.forEach((n, k) => {
      expect(after[k].some((v, i) => v.some((x, j) => x !== before[k][i][j])), n).toBe(true);
      const l = report.losses[n];
      expect(l).toHaveLength(3);
      expect(l[2], n).toBeLessThan(l[0]);
    });
    expect(labels[0]).toBe('0:cold-start SFT 0 of 9');
    expect(labels.at(-1)).toMatch(/^9:cold-start SFT 9 of 9 \(Retriever, loss \d/);
    expect(report.notes).toHaveLength(3);
    expect(engine.activeAdapter).toBeNull();
  });

  it('the trainer runs it before step 1 with progress and stores its losses with step 1', async () => {
    const db = new LabDb({ indexedDB: new IDBFactory(), IDBKeyRange });
    const t = new InProcessTrainer({
      ...fixtureTrainerDeps(new DexieRunStore(db)),
      newRunId: () => 'run-cold',
    });
    cleanup.push(() => t.dispose());
    const events: TrainerEvent[] = [];
    t.subscribe((e) => events.push(e));
    const { runId } = await t.start(tinySetup({ steps: 1, coldStart: { steps: 2, lr: 0.02 } }));
    await t.idle();
    expect(t.runStatus).toBe('done');
    const phases = events.flatMap((e) => (e.kind === 'progress' ? [e.phase] : []));
    expect(phases.indexOf('cold-start')).toBeGreaterThanOrEqual(0);
    expect(phases.lastIndexOf('cold-start')).toBeLessThan(phases.indexOf('sample'));
    expect(events.some((e) => e.kind === 'progress' && e.label.startsWith('cold-start SFT 6 of 6'))).toBe(true);
    const [first] = await runMetrics(db, runId);
    expect(first.notes.filter((n) => n.startsWith('cold-start SFT'))).toHaveLength(3);
  });

  it('rejects cold-start settings that cannot run, naming the field', async () => {
    const db = new LabDb({ indexedDB: new IDBFactory(), IDBKeyRange });
    const t = new InProcessTrainer({
      ...fixtureTrainerDeps(new DexieRunStore(db)),
    });
    cleanup.push(() => t.dispose());
    await expect(t.start(tinySetup({ coldStart: { steps: 0, lr: 0.01 } }))).rejects.toBeInstanceOf(TrainerSetupError);
    await expect(t.start(tinySetup({ coldStart: { steps: 2, lr: -1 } }))).rejects.toThrow(/coldStart\.lr/);
  });
});

import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { perAgent } from '../agents/names';
import { generateWorld } from '../env/generator';
import { WORLD_PRESETS } from '../env/worldConfig';
import { putDataset, type LabDb } from '../homes/storage/db';
import { DexieRunStore } from '../homes/storage/runs';
import { metricsAt } from '../store/run.testkit';
import { BACKUP_TABLE_NAMES, exportBackup, importBackup, readBackup, type BackupProgress } from './backup';
import { BackupFormatError } from './errors';
import { fixtureAdapter, freshDb, runRecord } from './testkit';

async function seed(db: LabDb, runId: string, steps = 2): Promise<void> {
  const store = new DexieRunStore(db);
  await store.createRun(runRecord(runId, 0));
  for (let step = 1; step <= steps; step++) {
    const metrics = { ...metricsAt(step, step / 4), kl: perAgent(() => NaN) };
    const trajectory = {
      step, question_id: `q${step}`, persona_id: 'p0', question_type: 'recall_user_shared_facts', group: 0, trajectory: 0,
      local: { extractor: NaN, profiler: 0.5, retriever: -0 }, global: 1, ndcg: perAgent(() => 1), weights: perAgent(() => 1 / 3), integrated: perAgent(() => 0.2),
      advantage: perAgent(() => 0), rank: { ...perAgent(() => 1), global: 1 }, format_ok: perAgent(() => true), outputs: perAgent((a) => `${a} said $n`), logprobs: perAgent(() => [-0.5, -Infinity]), choice: null,
    };
    await store.commitStep({
      runId, step, metrics, notes: ['a note'], now: step,
      trajectories: [trajectory, { ...trajectory, trajectory: 1, choice: 2 }],
      memoryItems: [{ step, questionId: `q${step}`, personaId: 'p0', group: 0, trajectory: 0, agent: 'extractor', kind: 'fine', text: `line ${step}` }],
      checkpoint: { runId, step, createdAt: step, peft: perAgent(() => fixtureAdapter()), state: { step, adapters: perAgent(() => [[0.25, -0]]), optimizers: perAgent(() => ({ step, m: [[0]], v: [[0]] })), rng: [1, 2, 3, 4] as never, cursor: { epoch: 0, offset: step } } },
    });
  }
}

async function dump(db: LabDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of BACKUP_TABLE_NAMES) out[name] = await db.table(name).toArray();
  return out;
}

async function seeded(): Promise<LabDb> {
  const db = freshDb();
  await seed(db, 'run-a');
  await seed(db, 'run-b', 1);
  await putDataset(db, generateWorld({ ...WORLD_PRESETS.tiny, seed: 4 }), () => 9);
  await db.table('experiments').put({ id: 'exp-1', name: 'joint vs independent', createdAt: 5, updatedAt: 6, spec: { seeds: [1] }, runs: [{ key: 'adaptive/seed-1', runId: 'run-a', state: 'done' }] });
  return db;
}

describe('backup of every run', () => {
  it('export → empty database → import gives back every row, keys and NaNs included', async () => {
    const db = await seeded();
    const progress: BackupProgress[] = [];
    const file = await exportBackup(db, (p) => progress.push(p));
    expect(progress.at(-1)).toMatchObject({ phase: 'pack', done: BACKUP_TABLE_NAMES.length });
    expect(progress.some((p) => p.phase === 'read' && p.done === p.total)).toBe(true);
    const fresh = freshDb();
    const report = await importBackup(fresh, await readBackup(file, 'b.zip'), 'skip');
    expect(report.runs.imported.sort()).toEqual(['run-a', 'run-b']);
    expect(report.datasets.imported).toHaveLength(1);
    expect(report.experiments.imported).toEqual(['exp-1']);
    expect(report.message).toMatch(/2 run\(s\), 1 experiment\(s\) and 1 dataset\(s\)/);
    expect(report.renumbered).toEqual([]);
    expect(await dump(fresh)).toEqual(await dump(db));
    const m = await fresh.metrics.get(['run-a', 1]);
    expect(Number.isNaN(m?.kl.extractor)).toBe(true);
    expect((await fresh.checkpoints.get(['run-a', 2]))?.peft.retriever['adapter_model.safetensors']).toBeInstanceOf(Uint8Array);
  });

  it('skips or replaces runs already stored, with a message; other runs' + "'" + ' rows keep theirs', async () => {
    const db = await seeded();
    const file = await exportBackup(db);
    const target = freshDb();
    await seed(target, 'run-a', 1);
    await seed(target, 'run-c', 1);
    const skip = await importBackup(target, await readBackup(file, 'b.zip'), 'skip');
    expect(skip.runs).toEqual({ imported: ['run-b'], skipped: ['run-a'], replaced: [] });
    expect(skip.message).toContain('Skipped 1 already stored here (run-a)');
    expect(skip.renumbered).toEqual([]);
    expect((await target.metrics.where('runId').equals('run-a').toArray()).map((r) => r.step)).toEqual([1]);
    const replace = await importBackup(target, await readBackup(file, 'b.zip'), 'replace');
    expect(replace.runs.replaced.sort()).toEqual(['run-a', 'run-b']);
    expect(replace.renumbered).toEqual(['trajectories', 'memoryItems']);
    expect(replace.message).toContain('got new internal numbers');
    expect((await target.metrics.where('runId').equals('run-a').toArray()).map((r) => r.step)).toEqual([1, 2]);
    expect(await target.trajectories.where('runId').equals('run-a').count()).toBe(4);
    expect(await target.trajectories.where('runId').equals('run-c').count()).toBe(2);
    expect(await target.runs.count()).toBe(3);
  });

  it('a truncated, corrupt or foreign file is a BackupFormatError and writes nothing', async () => {
    const db = await seeded();
    const file = await exportBackup(db);
    const target = freshDb();
    const cases: [Uint8Array, RegExp][] = [
      [file.subarray(0, Math.floor(file.length / 2)), /not a readable zip/],
      [zipSync({ 'x.txt': strToU8('hi') }), /no manifest\.json/],
    ];
    const entries = unzipSync(file);
    const flipped = new Uint8Array(entries['tables/metrics.jsonl']);
    flipped[10] ^= 1;
    cases.push([zipSync({ ...entries, 'tables/metrics.jsonl': flipped }), /does not match its checksum/]);
    const manifest = JSON.parse(strFromU8(entries['manifest.json'])) as { version: number };
    cases.push([zipSync({ ...entries, 'manifest.json': strToU8(JSON.stringify({ ...manifest, version: 9 })) }), /backup version 9/]);
    for (const [bytes, why] of cases) {
      await expect(readBackup(bytes, 'bad.zip')).rejects.toThrow(BackupFormatError);
      await expect(readBackup(bytes, 'bad.zip')).rejects.toThrow(why);
    }
    expect(Object.values(await dump(target)).every((rows) => rows.length === 0)).toBe(true);
  });

  it('reads a file written before experiments were stored (no experiments table) as holding none', async () => {
    const db = await seeded();
    const entries = unzipSync(await exportBackup(db));
    const manifest = JSON.parse(strFromU8(entries['manifest.json'])) as { tables: Record<string, unknown> };
    delete manifest.tables.experiments;
    const rest = Object.fromEntries(Object.entries(entries).filter(([name]) => name !== 'tables/experiments.jsonl'));
    const file = zipSync({ ...rest, 'manifest.json': strToU8(JSON.stringify(manifest)) });
    const fresh = freshDb();
    const report = await importBackup(fresh, await readBackup(file, 'old.zip'), 'skip');
    expect(report.runs.imported.sort()).toEqual(['run-a', 'run-b']);
    expect(report.experiments.imported).toEqual([]);
    expect(await fresh.table('experiments').count()).toBe(0);
  });

  it('refuses rows whose run is not in the file', async () => {
    const db = await seeded();
    const entries = unzipSync(await exportBackup(db));
    const runs = strFromU8(entries['tables/runs.jsonl']).split('\n').filter((l) => !l.includes('"run-b"')).join('\n');
    const body = strToU8(runs);
    const digest = [...new Uint8Array(await crypto.subtle.digest('SHA-256', body))].map((b) => b.toString(16).padStart(2, '0')).join('');
    const manifest = JSON.parse(strFromU8(entries['manifest.json'])) as { tables: Record<string, { rows: number; sha256: string }> };
    manifest.tables.runs = { rows: 1, sha256: digest };
    const file = zipSync({ ...entries, 'tables/runs.jsonl': body, 'manifest.json': strToU8(JSON.stringify(manifest)) });
    await expect(readBackup(file, 'o.zip')).rejects.toThrow(/belongs to run "run-b", which the file does not hold/);
  });

  it('a failure while writing rolls the whole import back', async () => {
    const db = await seeded();
    const contents = await readBackup(await exportBackup(db), 'b.zip');
    contents.rows.questions.push({ ...contents.rows.questions[0] });
    const target = freshDb();
    await expect(importBackup(target, contents, 'skip')).rejects.toThrow();
    expect(Object.values(await dump(target)).every((rows) => rows.length === 0)).toBe(true);
  });
});

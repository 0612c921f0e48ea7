import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { Precision } from '../../model/modelRef';
import type { ReplayMessage } from '../../run/protocol/replayMessages';
import type { RunRecord } from '../../run/runStore';
import { tinySetup } from '../../run/training/testkit';
import { hostReplay } from './replayHost';
import { LabDb } from '../storage/db';

describe('the replay host', () => {
  it('loads the base at the precision the run was trained on, and reloads when it differs', async () => {
    const db = new LabDb({ indexedDB: new IDBFactory(), IDBKeyRange });
    const record = (id: string, precision: Precision): RunRecord => ({ id, setup: tinySetup({ precision }), status: 'done', createdAt: 1, updatedAt: 2, step: 2, checkpointStep: 2, baseModel: 'tiny' });
    await db.runs.bulkAdd([record('int8-run', 'int8'), record('f32-run', 'f32')]);
    for (const runId of ['int8-run', 'f32-run']) for (const agent of ['extractor', 'profiler', 'retriever']) await db.adapters.add({ runId, agent, step: 2, files: {} });
    const asked: Precision[] = [];
    const posted: ReplayMessage[] = [];
    const handle = hostReplay(
      {
        db,
        loadModel: (_ref, _progress, _backend, precision) => {
          asked.push(precision);
          return Promise.reject(new Error('no model in this test'));
        },
      },
      (m) => posted.push(m),
    );
    const request = (id: number, runId: string) => ({ kind: 'replay', id, runId, history: [], query: 'q', options: ['a', 'b', 'c', 'd'], backend: 'wasm' });
    await handle(request(1, 'int8-run'));
    await handle(request(2, 'f32-run'));
    expect(asked).toEqual(['int8', 'f32']);
    // Nothing half-done: each request answers with the named failure.
    expect(posted.filter((m) => m.kind === 'failed').map((m) => m.id)).toEqual([1, 2]);
  });
});

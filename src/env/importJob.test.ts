import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deserializeError } from '../protocol/errors';
import { runImportJob } from './importJob';
import type { ImportReply } from './importProtocol';
import { contextsFor, FIXTURE_QUESTIONS } from './testSupport';
import type { Dataset } from './types';

describe('runImportJob', () => {
  it('imports Blob files (as the worker gets them) and saves the dataset', async () => {
    const csv = readFileSync(FIXTURE_QUESTIONS, 'utf8');
    const saved: Dataset[] = [];
    const reply = await runImportJob(
      { kind: 'import', id: 7, files: { format: 'personamem-v1', questions: new File([csv], 'questions_32k.csv'), contexts: new File([contextsFor(csv)], 'shared_contexts_32k.jsonl') } },
      (d) => Promise.resolve(saved.push(d)),
    );
    expect(reply).toMatchObject({ kind: 'stored', id: 7, summary: { source: 'personamem-v1', questions: 589 } });
    expect(saved[0].questions).toHaveLength(589);
  });
  it('replies with a named, rebuildable error and saves nothing on bad input', async () => {
    const saved: Dataset[] = [];
    const reply = await runImportJob(
      { kind: 'import', id: 8, files: { format: 'personamem-v1', questions: new File(['persona_id,__proto__\n1,2\n'], 'q.csv'), contexts: new File([''], 'c.jsonl') } },
      (d) => Promise.resolve(saved.push(d)),
    );
    expect(reply.kind).toBe('error');
    if (reply.kind !== 'error') return;
    expect(deserializeError(reply.error).name).toBe('CsvHeaderError');
    expect(reply.error.data).toMatchObject({ file: 'q.csv', row: 1, column: '__proto__' });
    expect(saved).toHaveLength(0);
  });
  it('generates a world', async () => {
    const reply = await runImportJob({ kind: 'generate', id: 1, config: { seed: 5, personas: 1 } }, () => Promise.resolve());
    expect(reply).toMatchObject({ kind: 'stored', summary: { source: 'synthetic' } });
  });
});

describe('runImportJob progress', () => {
  it('reports how far each file has been read, ending at its size', async () => {
    const csv = readFileSync(FIXTURE_QUESTIONS, 'utf8');
    const posted: ImportReply[] = [];
    let t = 0;
    const reply = await runImportJob(
      { kind: 'import', id: 3, files: { format: 'personamem-v1', questions: new File([csv], 'questions_32k.csv'), contexts: new File([contextsFor(csv)], 'c.jsonl') } },
      () => Promise.resolve(),
      (r) => posted.push(r),
      () => (t += 50),
    );
    expect(reply.kind).toBe('stored');
    const progress = posted.filter((p) => p.kind === 'progress');
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((p) => p.id === 3)).toBe(true);
    const lastOfQuestions = progress.filter((p) => p.file === 'questions_32k.csv').pop();
    expect(lastOfQuestions).toMatchObject({ read: csv.length, size: Buffer.byteLength(csv) });
  });
});

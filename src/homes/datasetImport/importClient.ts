// The page's side of a generate/import job: one import worker (import.worker.ts, beside it) per job,
// its progress passed on, its reply (stored, or a named error) returned; the worker ends with the job.

import type { ImportJob, ImportReply, ImportRequest, ImportResult } from '../../env/importProtocol';
import { WorkerCrashedError, serializeError } from '../../protocol/errors';

let nextId = 1;

export type ImportProgress = Extract<ImportReply, { kind: 'progress' }>;

export function runImportJob(request: ImportJob, onProgress: (reply: ImportProgress) => void): Promise<ImportResult> {
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  const id = nextId++;
  return new Promise<ImportResult>((resolve) => {
    worker.addEventListener('message', (ev: MessageEvent<ImportReply>) => {
      if (ev.data.id !== id) return;
      if (ev.data.kind === 'progress') onProgress(ev.data);
      else resolve(ev.data);
    });
    worker.addEventListener('error', (ev) => {
      resolve({ kind: 'error', id, error: serializeError(new WorkerCrashedError(`The import worker failed: ${ev.message || 'it could not start'}. Reload the page and try again.`)) });
    });
    const message: ImportRequest = { ...request, id };
    worker.postMessage(message);
  }).finally(() => worker.terminate());
}

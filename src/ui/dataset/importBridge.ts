// Runs one generate/import job in the import worker and writes its progress into the store.

import type { ImportJob, ImportReply, ImportRequest } from '../../env/importProtocol';
import { WorkerCrashedError, serializeError } from '../../protocol/errors';
import { useAppStore } from '../../store/app';

let nextId = 1;

function runInWorker(request: ImportJob): Promise<ImportReply> {
  const worker = new Worker(new URL('../../../workers/import.worker.ts', import.meta.url), { type: 'module' });
  const id = nextId++;
  return new Promise<ImportReply>((resolve) => {
    worker.addEventListener('message', (ev: MessageEvent<ImportReply>) => {
      if (ev.data.id === id) resolve(ev.data);
    });
    worker.addEventListener('error', (ev) => {
      resolve({ kind: 'error', id, error: serializeError(new WorkerCrashedError(`The import worker failed: ${ev.message || 'it could not start'}. Reload the page and try again.`)) });
    });
    const message: ImportRequest = { ...request, id };
    worker.postMessage(message);
  }).finally(() => worker.terminate());
}

/** Start a job; the store shows it running, then stored (and selected) or failed. */
export async function startDataJob(request: ImportJob, label: string): Promise<void> {
  const store = useAppStore.getState();
  store.setDataJob({ status: 'running', label });
  const reply = await runInWorker(request);
  if (reply.kind === 'stored') {
    useAppStore.getState().setDataJob({ status: 'done', summary: reply.summary });
    useAppStore.getState().selectDataset(reply.summary.id);
  } else {
    useAppStore.getState().setDataJob({ status: 'failed', error: reply.error });
  }
}

// Runs one generate/import job in the import worker and writes its progress into the store.

import type { ImportJob, ImportReply, ImportRequest, ImportResult } from '../../env/importProtocol';
import { WorkerCrashedError, serializeError } from '../../protocol/errors';
import { useAppStore } from '../../store/app';

let nextId = 1;

function runInWorker(request: ImportJob, onProgress: (reply: Extract<ImportReply, { kind: 'progress' }>) => void): Promise<ImportResult> {
  const worker = new Worker(new URL('../../../workers/import.worker.ts', import.meta.url), { type: 'module' });
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

/** Start a job; the store shows it running, then stored (and selected) or failed. */
export async function startDataJob(request: ImportJob, label: string): Promise<void> {
  const store = useAppStore.getState();
  store.setDataJob({ status: 'running', label });
  const mb = (n: number) => (n / 2 ** 20).toFixed(1);
  const reply = await runInWorker(request, (p) => useAppStore.getState().setDataJob({ status: 'running', label: `${label}: ${p.file} ≈${mb(p.read)} of ${mb(p.size)} MB read` }));
  if (reply.kind === 'stored') {
    useAppStore.getState().setDataJob({ status: 'done', summary: reply.summary });
    useAppStore.getState().selectDataset(reply.summary.id);
  } else {
    useAppStore.getState().setDataJob({ status: 'failed', error: reply.error });
  }
}

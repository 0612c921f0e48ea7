// Runs one generate/import job through the import client (homes/datasetImport) and writes its progress into the store.

import type { ImportJob } from '../../env/importProtocol';
import { runImportJob } from '../../homes/datasetImport/importClient';
import { useAppStore } from '../../store/app';

/** Start a job; the store shows it running, then stored (and selected) or failed. */
export async function startDataJob(request: ImportJob, label: string): Promise<void> {
  const store = useAppStore.getState();
  store.setDataJob({ status: 'running', label });
  const mb = (n: number) => (n / 2 ** 20).toFixed(1);
  const reply = await runImportJob(request, (p) => useAppStore.getState().setDataJob({ status: 'running', label: `${label}: ${p.file} ≈${mb(p.read)} of ${mb(p.size)} MB read` }));
  if (reply.kind === 'stored') {
    useAppStore.getState().setDataJob({ status: 'done', summary: reply.summary });
    useAppStore.getState().selectDataset(reply.summary.id);
  } else {
    useAppStore.getState().setDataJob({ status: 'failed', error: reply.error });
  }
}

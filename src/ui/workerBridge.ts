// Starts the probe worker and writes its answers into the store (the bridge calls setState).

import type { BackendPreference } from '../model/backendInfo';
import { ProtocolClient } from '../protocol/client';
import { serializeError } from '../protocol/errors';
import { useAppStore } from '../store/app';

export async function probeCompute(backend: BackendPreference): Promise<void> {
  useAppStore.getState().setComputePreference(backend);
  const worker = new Worker(new URL('../../workers/probe.worker.ts', import.meta.url), { type: 'module' });
  const client = new ProtocolClient(worker);
  try {
    const reply = await client.request<'probe'>({ kind: 'probe', backend });
    useAppStore.getState().setComputeReport(reply.report, reply.checks);
  } catch (err) {
    useAppStore.getState().setComputeError(serializeError(err));
  } finally {
    worker.terminate();
  }
}

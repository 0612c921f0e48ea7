// Runs the compute probe through its client (homes/probe) and writes its answers into the store.

import { probeInWorker } from '../homes/probe/probeClient';
import type { BackendPreference } from '../model/backendInfo';
import { serializeError } from '../protocol/errors';
import { useAppStore } from '../store/app';

export async function probeCompute(backend: BackendPreference): Promise<void> {
  useAppStore.getState().setComputePreference(backend);
  try {
    const reply = await probeInWorker(backend);
    useAppStore.getState().setComputeReport(reply.report, reply.checks);
  } catch (err) {
    useAppStore.getState().setComputeError(serializeError(err));
  }
}

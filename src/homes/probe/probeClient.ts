// The page's side of the compute probe: one probe worker (probe.worker.ts, beside it) answers which
// backends work here and how fast, then ends.

import type { BackendPreference } from '../../model/backendInfo';
import { ProtocolClient } from '../../protocol/client';

export async function probeInWorker(backend: BackendPreference) {
  const worker = new Worker(new URL('./probe.worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new ProtocolClient(worker).request<'probe'>({ kind: 'probe', backend });
  } finally {
    worker.terminate();
  }
}

// The backend probe's request handler: shared by the Web Worker and in-process callers. It self-checks
// every backend (for the page's selector) and initializes the preferred one.

import { serializeError } from '../protocol/errors';
import type { Reply, Request } from '../protocol/messages';
import { checkBackends, initBackend, type BackendOptions } from './backend';

export async function handleProbeRequest(req: Request, opts: BackendOptions): Promise<Reply> {
  switch (req.kind) {
    case 'probe':
      try {
        // Every backend's self-check for the selector first, then the one the page runs on.
        const checks = await checkBackends(opts);
        return { kind: 'probe-result', id: req.id, report: await initBackend(req.backend, opts), checks };
      } catch (err) {
        return { kind: 'error', id: req.id, error: serializeError(err) };
      }
    default: {
      const unreachable: never = req.kind;
      return unreachable;
    }
  }
}

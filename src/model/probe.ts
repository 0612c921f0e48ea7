// The backend probe's request handler: shared by the Web Worker and in-process callers.

import { serializeError } from '../protocol/errors';
import type { Reply, Request } from '../protocol/messages';
import { initBackend, type BackendOptions } from './backend';

export async function handleProbeRequest(req: Request, opts: BackendOptions): Promise<Reply> {
  switch (req.kind) {
    case 'probe':
      try {
        return { kind: 'probe-result', id: req.id, report: await initBackend(req.backend, opts) };
      } catch (err) {
        return { kind: 'error', id: req.id, error: serializeError(err) };
      }
    default: {
      const unreachable: never = req.kind;
      return unreachable;
    }
  }
}

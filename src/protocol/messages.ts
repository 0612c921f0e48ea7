// The whole worker protocol: requests and events as discriminated unions on `kind`.
// Replies carry the request's id; errors travel as SerializedError and are rebuilt by name.

import type { BackendCheck, BackendPreference, BackendReport } from '../model/backendInfo';
import type { SerializedError } from './errors';

/** UI → worker. */
export type Request =
  | { kind: 'probe'; id: number; backend: BackendPreference };

/** Worker → UI: the reply to one request, matched by id. */
export type Reply =
  | { kind: 'probe-result'; id: number; report: BackendReport; checks: BackendCheck[] }
  | { kind: 'error'; id: number; error: SerializedError };

export type RequestKind = Request['kind'];

/** Which reply kind answers which request kind. */
export interface ReplyFor {
  probe: Extract<Reply, { kind: 'probe-result' }>;
}

export function isReply(value: unknown): value is Reply {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { kind?: unknown; id?: unknown };
  return typeof v.id === 'number' && (v.kind === 'probe-result' || v.kind === 'error');
}

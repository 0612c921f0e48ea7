// The eval worker's whole protocol: one request kind (evaluate), and replies matched by id
// (progress on the way, then the result or a named error).

import type { SerializedError } from '../../protocol/errors';
import type { EvalProgress, EvalRequestOptions, EvalResult, EvalTarget } from './evaluator';

/** UI → eval worker. */
export type EvalRequest = { kind: 'evaluate'; id: number; target: EvalTarget; options: EvalRequestOptions };

/** Eval worker → UI. */
export type EvalMessage =
  | { kind: 'progress'; id: number; progress: EvalProgress }
  | { kind: 'result'; id: number; result: EvalResult }
  | { kind: 'failed'; id: number; error: SerializedError };

export function isEvalRequest(value: unknown): value is EvalRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { kind?: unknown; id?: unknown; target?: unknown; options?: unknown };
  return v.kind === 'evaluate' && typeof v.id === 'number' && typeof v.target === 'object' && v.target !== null && typeof v.options === 'object' && v.options !== null;
}

export function isEvalMessage(value: unknown): value is EvalMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { kind?: unknown; id?: unknown };
  return typeof v.id === 'number' && (v.kind === 'progress' || v.kind === 'result' || v.kind === 'failed');
}

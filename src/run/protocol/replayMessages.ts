// The replay worker's whole protocol: UI → worker "run this stored run's adapters on this history and
// question", worker → UI progress and the three agents' outputs, replies matched by id.

import type { Turn } from '../../env/types';
import type { BackendPreference } from '../../model/backendInfo';
import type { ReplayResult } from '../../rl/replay';
import type { SerializedError } from '../../protocol/errors';
import type { Phase } from '../../protocol/progress';

/** UI → replay worker. */
export type ReplayRequest = {
  kind: 'replay';
  id: number;
  runId: string;
  history: Turn[];
  query: string;
  options: string[];
  /** The tfjs backend to start the worker on (the first request's choice holds for the worker's life; default auto). */
  backend?: BackendPreference;
};

/** Replay worker → UI. */
export type ReplayMessage =
  | { kind: 'progress'; id: number; phase: Phase; done: number; total: number; unit: string; label: string }
  | { kind: 'replayed'; id: number; result: ReplayResult; adapterStep: number }
  | { kind: 'failed'; id: number; error: SerializedError };

export function isReplayRequest(value: unknown): value is ReplayRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { kind?: unknown; id?: unknown; runId?: unknown };
  return v.kind === 'replay' && typeof v.id === 'number' && typeof v.runId === 'string';
}

export function isReplayMessage(value: unknown): value is ReplayMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { kind?: unknown; id?: unknown };
  return typeof v.id === 'number' && (v.kind === 'progress' || v.kind === 'replayed' || v.kind === 'failed');
}

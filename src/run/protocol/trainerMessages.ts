// The trainer worker's whole protocol: UI → worker requests (one per TrainerApi method), worker → UI
// replies matched by id, and the trainer's events pushed as they happen.

import type { SerializedError } from '../../protocol/errors';
import type { RunSetup } from '../runSetup';
import type { TrainerEvent } from './trainer';

/** UI → trainer worker. */
export type TrainerRequest =
  | { kind: 'start'; id: number; setup: RunSetup }
  | { kind: 'resume'; id: number; runId: string }
  | { kind: 'pause'; id: number }
  | { kind: 'step'; id: number }
  | { kind: 'stop'; id: number };

/** Trainer worker → UI: a reply to one request, or an event. */
export type TrainerMessage =
  | { kind: 'started'; id: number; runId: string }
  | { kind: 'done'; id: number }
  | { kind: 'failed'; id: number; error: SerializedError }
  | { kind: 'event'; event: TrainerEvent };

export type TrainerRequestKind = TrainerRequest['kind'];

export function isTrainerMessage(value: unknown): value is TrainerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { kind?: unknown; id?: unknown; event?: unknown };
  if (v.kind === 'event') return typeof v.event === 'object' && v.event !== null;
  return typeof v.id === 'number' && (v.kind === 'started' || v.kind === 'done' || v.kind === 'failed');
}

export function isTrainerRequest(value: unknown): value is TrainerRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { kind?: unknown; id?: unknown };
  return typeof v.id === 'number' && (v.kind === 'start' || v.kind === 'resume' || v.kind === 'pause' || v.kind === 'step' || v.kind === 'stop');
}

/**
 * E2E test hooks, outside the TrainerApi: honoured only by a worker started with testHooks on the dev
 * server (createWorkerTrainer's option); a production build ignores them.
 */
export type TrainerTestMessage = { kind: 'test:destroy-device' };

export function isTrainerTestMessage(value: unknown): value is TrainerTestMessage {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'test:destroy-device';
}

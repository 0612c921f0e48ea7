// The import worker's messages: generate a world or import PersonaMem files, stored by the worker
// (datasets never cross postMessage whole). Discriminated on `kind`; replies carry the request id.

import type { SerializedError } from '../protocol/errors';
import type { ReadLimits } from './source';
import type { DatasetSource } from './types';
import type { WorldConfig } from './worldConfig';

export type ImportFiles =
  | { format: 'personamem-v1'; questions: Blob & { name: string }; contexts: Blob & { name: string } }
  | { format: 'personamem-v2'; benchmark: Blob & { name: string }; histories: (Blob & { name: string })[] };

/** A job, before the bridge gives it a request id. */
export type ImportJob = { kind: 'generate'; config: Partial<WorldConfig> } | { kind: 'import'; files: ImportFiles; limits?: Partial<ReadLimits> };

export type ImportRequest = ImportJob & { id: number };

/** What the UI learns about the stored dataset. */
export interface StoredSummary {
  id: string;
  name: string;
  source: DatasetSource;
  questions: number;
  ms: number;
}

export type ImportReply =
  | { kind: 'progress'; id: number; file: string; read: number; size: number }
  | { kind: 'stored'; id: number; summary: StoredSummary }
  | { kind: 'error'; id: number; error: SerializedError };

/** The final reply of a job (progress replies come before it). */
export type ImportResult = Exclude<ImportReply, { kind: 'progress' }>;

// The import worker's messages: generate a world or import PersonaMem files, stored by the worker
// (datasets never cross postMessage whole). Discriminated on `kind`; replies carry the request id.

import type { SerializedError } from '../protocol/errors';
import type { ReadLimits } from './source';
import type { DatasetSource } from './types';
import type { WorldConfig } from './worldConfig';

export type ImportFiles =
  | { format: 'personamem-v1'; questions: Blob & { name: string }; contexts: Blob & { name: string } }
  | { format: 'personamem-v2'; benchmark: Blob & { name: string }; histories: (Blob & { name: string })[] };

export type ImportRequest =
  | { kind: 'generate'; id: number; config: Partial<WorldConfig> }
  | { kind: 'import'; id: number; files: ImportFiles; limits?: Partial<ReadLimits> };

/** What the UI learns about the stored dataset. */
export interface StoredSummary {
  id: string;
  name: string;
  source: DatasetSource;
  questions: number;
  ms: number;
}

export type ImportReply =
  | { kind: 'stored'; id: number; summary: StoredSummary }
  | { kind: 'error'; id: number; error: SerializedError };

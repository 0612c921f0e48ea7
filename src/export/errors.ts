// Named errors of adapter export/import and of the all-runs backup file: each says what is wrong
// and what to do, and is registered so it survives postMessage.

import { LabError, registerError } from '../protocol/errors';

/** An export was asked for something that is not there (no adapters yet, an unknown agent). */
export class ExportInputError extends LabError {}

/** A zip or folder is not a readable adapter archive (not a zip, truncated, no PEFT folder in it). */
export class AdapterArchiveError extends LabError {}

/** An adapter does not fit the chosen base: base model, rank, target modules or a tensor's shape. `data.field` names which. */
export class AdapterMismatchError extends LabError {}

/** A backup file is truncated, corrupt, or not a comam-lab backup; nothing was written. */
export class BackupFormatError extends LabError {}

for (const cls of [ExportInputError, AdapterArchiveError, AdapterMismatchError, BackupFormatError]) registerError(cls);

// Named errors of the CLI's run folders and files: a run that would be overwritten, a folder that is
// a file, a damaged run file, a missing checkpoint, an unreadable config; each says how to fix it.

import { LabError, registerError } from '../protocol/errors';

/** --out names a folder that already holds a run (train) or another base's run (import). */
export class RunExistsError extends LabError {}

/** --out or --resume names something that cannot be a run folder (a file, an unreadable path). */
export class RunFolderError extends LabError {}

/** A run file (run.json, the checkpoint's state.json, a jsonl line) is cut off or not JSON. `data.file`, `data.line`. */
export class RunFileCorruptError extends LabError {}

/** A resume would have to restart from step 0 because the checkpoint (or its state file) is missing. */
export class CheckpointMissingError extends LabError {}

/** The --config file is missing, unreadable or not JSON. */
export class ConfigFileError extends LabError {}

/** A file or folder the command needs cannot be read or written (missing, a folder, no permission, disk full). */
export class FileAccessError extends LabError {}

/** An error the lab did not name (a bug, or a system fault); the line says what happened and where. */
export class UnexpectedError extends LabError {}

for (const cls of [RunExistsError, RunFolderError, RunFileCorruptError, CheckpointMissingError, ConfigFileError, FileAccessError, UnexpectedError]) registerError(cls);

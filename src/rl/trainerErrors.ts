// Named errors of the trainer: a setup it cannot run, a run it cannot find or resume, a run
// another tab holds, a store that is full. Each says what to do; registered for postMessage.

import { LabError, registerError } from '../protocol/errors';

/** The run setup names something the trainer cannot use (dataset, model, judge, question). */
export class TrainerSetupError extends LabError {}

/** No such run, or a run without a checkpoint to resume from. `data.runId` names it. */
export class RunNotFoundError extends LabError {}

/** Another tab or process is training this run (Web Locks). */
export class RunLockedError extends LabError {}

/** The browser's storage quota ran out while a step was being saved; nothing of that step was stored. */
export class StorageQuotaError extends LabError {}

/** The trainer was asked to do something its state does not allow (e.g. step while running). */
export class TrainerStateError extends LabError {}

for (const cls of [TrainerSetupError, RunNotFoundError, RunLockedError, StorageQuotaError, TrainerStateError]) registerError(cls);

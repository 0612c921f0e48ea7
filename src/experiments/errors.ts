// Named errors of experiments: a comparison spec that cannot be planned, and an experiment that
// cannot be run or resumed in its state. Registered so they cross postMessage by name.

import { LabError, registerError } from '../protocol/errors';

/** The comparison's modes, seeds or budget are not usable. `data.field` names the field. */
export class ExperimentSpecError extends LabError {}

/** An experiment is missing, already running, or a run of it failed. `data.experimentId` names it. */
export class ExperimentStateError extends LabError {}

for (const cls of [ExperimentSpecError, ExperimentStateError]) registerError(cls);

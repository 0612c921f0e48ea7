// Named errors of evaluation: a target that cannot be evaluated (no such run, no adapters yet) or
// options out of range. Each says what to do; registered so they cross postMessage by name.

import { LabError, registerError } from '../../protocol/errors';

/** The run to evaluate is not stored, or has no adapters yet. `data.runId` names it. */
export class EvalTargetError extends LabError {}

/** Evaluation options out of range (split, limit). `data.field` names the option. */
export class EvalOptionsError extends LabError {}

for (const cls of [EvalTargetError, EvalOptionsError]) registerError(cls);

// Named errors of the RL core: a bad config field, a malformed credit group, mismatched GRPO inputs.
// Each message names the field or tensor and says what to do; registered so they cross postMessage.

import { LabError, registerError } from '../protocol/errors';

/** A config field has the wrong type or is out of range. `data.field` names it. */
export class ConfigError extends LabError {}

/** A credit group (local/global rewards, mode, weights) is malformed. `data.field` names the field. */
export class CreditInputError extends LabError {}

/** GRPO loss inputs disagree in shape or are missing. `data.tensor` names the input. */
export class GrpoInputError extends LabError {}

/** A rollout got no items, a bad group size or token limit, or a prompt that cannot fit. `data.field` names it. */
export class RolloutInputError extends LabError {}

/** Cold-start SFT got bad settings or demonstrations that cannot be used. `data.field` names it. */
export class SftInputError extends LabError {}

for (const cls of [ConfigError, CreditInputError, GrpoInputError, RolloutInputError, SftInputError]) registerError(cls);

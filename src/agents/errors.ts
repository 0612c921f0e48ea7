// Named errors of the agents' core: prompt templates asked to render with slots missing or unknown.
// Registered so they survive postMessage.

import { LabError, registerError } from '../protocol/errors';

/** A prompt template was rendered without one of its named slots, or with a slot it does not have. */
export class PromptSlotError extends LabError {}

registerError(PromptSlotError);

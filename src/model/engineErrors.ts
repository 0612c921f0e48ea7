// Named errors of the decoder engine: config, safetensors, weights, adapters and generation options.
// Each names the field or tensor at fault and what to do; registered so they survive postMessage.

import { LabError, registerError } from '../protocol/errors';

/** config.json names an architecture (or a variant of one) the engine does not implement. */
export class UnsupportedArchitectureError extends LabError {}
/** config.json has a missing, mistyped or inconsistent field. */
export class ModelConfigError extends LabError {}
/** A safetensors file's header or layout is invalid (length, JSON, offsets, dtype, shape). */
export class SafetensorsHeaderError extends LabError {}
/** A tensor the architecture needs is absent, or present with the wrong shape. */
export class WeightMismatchError extends LabError {}
/** A LoRA adapter is malformed, unknown, or does not fit the base model. */
export class AdapterError extends LabError {}
/** Token ids or generation options are out of range. */
export class EngineInputError extends LabError {}
/** A sequence (prompt plus the tokens to generate) needs more positions than max_position_embeddings. */
export class ContextLengthError extends LabError {}

for (const cls of [
  UnsupportedArchitectureError,
  ModelConfigError,
  SafetensorsHeaderError,
  WeightMismatchError,
  AdapterError,
  EngineInputError,
  ContextLengthError,
]) {
  registerError(cls);
}

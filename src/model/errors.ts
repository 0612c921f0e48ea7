// Named errors of the model engine: each says which file, tensor or field is at fault and what to do.

import { LabError, registerError } from '../protocol/errors';

/** A file the model needs is not in its folder or repository. */
export class ModelFileMissingError extends LabError {}
/** A model file is present but not in the expected format. */
export class ModelFileFormatError extends LabError {}

for (const cls of [ModelFileMissingError, ModelFileFormatError]) registerError(cls);

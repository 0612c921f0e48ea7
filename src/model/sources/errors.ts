// Named errors of the model sources: HTTP failures, missing or gated repositories, bad manifests and
// downloads that fail their size or checksum check. Each says which file or URL and what to do.

import { LabError, registerError } from '../../protocol/errors';

/** The server answered with an HTTP error status (data.status) for a model file or listing. */
export class DownloadHttpError extends LabError {}
/** The request never got an answer: offline, blocked by CORS or CSP, or the connection dropped. */
export class DownloadNetworkError extends LabError {}
/** A model address that is not a Hugging Face repository id or URL. */
export class InvalidModelAddressError extends LabError {}
/** The Hugging Face repository (or its revision) does not exist, or is private. */
export class RepositoryNotFoundError extends LabError {}
/** The Hugging Face repository is gated: its license must be accepted on the hub first. */
export class RepositoryGatedError extends LabError {}
/** A file's byte count differs from the one its listing or manifest promises. */
export class FileSizeMismatchError extends LabError {}
/** A file's sha256 (or git blob sha1) differs from the one its listing or manifest promises. */
export class FileChecksumMismatchError extends LabError {}
/** A hub file listing or a bundled-model manifest is not in the expected shape. */
export class ModelManifestError extends LabError {}

for (const cls of [
  DownloadHttpError,
  DownloadNetworkError,
  InvalidModelAddressError,
  RepositoryNotFoundError,
  RepositoryGatedError,
  FileSizeMismatchError,
  FileChecksumMismatchError,
  ModelManifestError,
]) {
  registerError(cls);
}

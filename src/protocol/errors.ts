// Named errors that say how to fix things, and their trip across postMessage.
// Every error the lab raises on purpose is a LabError subclass registered here by name.

/** Data attached to an error: plain JSON so it survives structured clone. */
export type ErrorData = Record<string, string | number | boolean | null | undefined>;

/** What crosses postMessage: never an Error object, never `err.toString()`. */
export interface SerializedError {
  name: string;
  message: string;
  data?: ErrorData;
}

/** Base class of every named error. `data` names the file, row, field or tensor at fault. */
export class LabError extends Error {
  readonly data: ErrorData;
  constructor(message: string, data: ErrorData = {}) {
    super(message);
    this.name = new.target.name;
    this.data = data;
  }
}

/** A compute backend could not be initialized or gave a wrong answer. */
export class BackendUnavailableError extends LabError {}

/** A request named something the receiver does not know (a backend, a command, a message kind). */
export class UnknownOptionError extends LabError {}

/** A worker died or replied with something that is not a protocol message. */
export class WorkerCrashedError extends LabError {}

type LabErrorClass = new (message: string, data?: ErrorData) => LabError;

const registry = new Map<string, LabErrorClass>();

/** Make a LabError subclass rebuildable by name on the other side of postMessage. */
export function registerError(cls: LabErrorClass): void {
  registry.set(cls.name, cls);
}

for (const cls of [LabError, BackendUnavailableError, UnknownOptionError, WorkerCrashedError]) {
  registerError(cls);
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof LabError) return { name: err.name, message: err.message, data: { ...err.data } };
  if (err instanceof Error) return { name: err.name || 'Error', message: err.message };
  return { name: 'Error', message: typeof err === 'string' ? err : JSON.stringify(err) };
}

/** Rebuild the named error; an unknown name becomes a LabError that keeps the original name. */
export function deserializeError(s: SerializedError): LabError {
  const cls = registry.get(s.name);
  if (cls) return new cls(s.message, s.data ?? {});
  const err = new LabError(s.message, s.data ?? {});
  err.name = s.name;
  return err;
}

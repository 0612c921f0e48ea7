// Named errors for dataset files: each says which file, row and column is wrong and what to do.
// Registered with the protocol so they survive the trip from the import worker to the UI.

import { LabError, registerError, type ErrorData } from '../protocol/errors';

/** Where in a file a problem is. `row` is the 1-based line/record number as a spreadsheet shows it. */
export interface Location {
  file: string;
  row?: number;
  column?: string;
}

function where(loc: Location): string {
  const parts = [loc.file];
  if (loc.row !== undefined) parts.push(`row ${loc.row}`);
  if (loc.column !== undefined) parts.push(`column "${loc.column}"`);
  return parts.join(', ');
}

function data(loc: Location, extra: ErrorData = {}): ErrorData {
  return { file: loc.file, row: loc.row, column: loc.column, ...extra };
}

/** The header row is wrong: missing, extra, duplicate or dangerous (`__proto__`) column names. */
export class CsvHeaderError extends LabError {
  static at(loc: Location, problem: string, fix: string): CsvHeaderError {
    return new CsvHeaderError(`${where(loc)}: ${problem}. ${fix}`, data(loc));
  }
}

/** A data row is malformed: wrong field count, unclosed quote, bad option list, bad answer. */
export class DatasetRowError extends LabError {
  static at(loc: Location, problem: string, fix: string): DatasetRowError {
    return new DatasetRowError(`${where(loc)}: ${problem}. ${fix}`, data(loc));
  }
}

/** A JSONL line (or a JSON file) is not the expected JSON. */
export class JsonLineError extends LabError {
  static at(loc: Location, problem: string, fix: string): JsonLineError {
    return new JsonLineError(`${where(loc)}: ${problem}. ${fix}`, data(loc));
  }
}

/** A question points at something that is not there: a missing context, an end index past it. */
export class DatasetReferenceError extends LabError {
  static at(loc: Location, problem: string, fix: string): DatasetReferenceError {
    return new DatasetReferenceError(`${where(loc)}: ${problem}. ${fix}`, data(loc));
  }
}

/** A file is bigger than the configured limit; refused before any byte is read. */
export class FileTooLargeError extends LabError {
  static of(file: string, size: number, limit: number): FileTooLargeError {
    // Bytes below 1 MiB, so a small limit never reads "0 MiB is over the limit of 0 MiB".
    const shown = (n: number) => (n < 2 ** 20 ? `${n} B` : `${Number((n / 2 ** 20).toFixed(2))} MiB`);
    return new FileTooLargeError(
      `${file}: ${shown(size)} is over the import limit of ${shown(limit)}. Split the file, or raise the limit (maxBytes / --max-bytes) if this machine has the memory.`,
      { file, size, limit },
    );
  }
}

/** Parsing ran past its time budget. */
export class ParseTimeoutError extends LabError {
  static of(file: string, row: number, ms: number): ParseTimeoutError {
    return new ParseTimeoutError(
      `${file}: parsing stopped at row ${row} after ${ms} ms, over the time limit. Raise the limit (timeoutMs / --timeout-ms) or import a smaller file.`,
      { file, row, ms },
    );
  }
}

/** A dataset file cannot be opened: it does not exist, or it is a folder. */
export class DatasetFileError extends LabError {}

/** A generator size knob or import option is out of range. */
export class WorldConfigError extends LabError {}

for (const cls of [CsvHeaderError, DatasetRowError, JsonLineError, DatasetReferenceError, FileTooLargeError, ParseTimeoutError, WorldConfigError, DatasetFileError]) {
  registerError(cls);
}

// Streaming CSV through papaparse in array mode (never header-to-object), with our own header
// checks, rows as null-prototype records, a time bound, and errors that name file, row and column.

import Papa from 'papaparse';
import { CsvHeaderError, DatasetRowError, ParseTimeoutError } from './errors';
import type { Deadline, SourceFile } from './source';

/** A record keyed by column name; null prototype, so no header can reach Object.prototype. */
export type CsvRecord = Readonly<Record<string, string>>;

export interface CsvSchema {
  required: readonly string[];
  optional: readonly string[];
  /** Accept columns outside required ∪ optional (they are kept in the record). */
  allowExtra: boolean;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Check a header row against a schema; returns the column names in file order. */
export function checkHeader(file: string, header: readonly string[], schema: CsvSchema): string[] {
  const names = header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (FORBIDDEN.has(name)) {
      throw CsvHeaderError.at({ file, row: 1, column: name }, `column ${i + 1} is named "${name}", which is not allowed`, 'Rename or remove that column');
    }
    if (name === '') throw CsvHeaderError.at({ file, row: 1, column: `#${i + 1}` }, `column ${i + 1} has no name`, 'Give every column a header');
    if (seen.has(name)) throw CsvHeaderError.at({ file, row: 1, column: name }, `column "${name}" appears twice`, 'Keep one of them');
    seen.add(name);
  });
  const missing = schema.required.filter((r) => !seen.has(r));
  if (missing.length > 0) {
    throw CsvHeaderError.at({ file, row: 1, column: missing[0] }, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, `The file needs the columns: ${schema.required.join(', ')}`);
  }
  if (!schema.allowExtra) {
    const known = new Set([...schema.required, ...schema.optional]);
    const extra = names.filter((n) => !known.has(n));
    if (extra.length > 0) {
      throw CsvHeaderError.at({ file, row: 1, column: extra[0] }, `unexpected column${extra.length > 1 ? 's' : ''} ${extra.join(', ')}`, `Allowed columns: ${[...known].join(', ')}`);
    }
  }
  return names;
}

/**
 * Adapts an async iterable of text to the Node-stream shape papaparse's streaming reader uses
 * (`readable`, `read`, `on`, `removeListener`, `pause`, `resume`), so one code path streams
 * in the browser worker and in Node.
 */
class ChunkPump {
  readonly readable = true;
  private readonly listeners = new Map<string, ((arg?: unknown) => void)[]>();
  constructor(private readonly source: AsyncIterable<string>) {}
  read(): null {
    return null;
  }
  on(event: string, fn: (arg?: unknown) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  removeListener(event: string, fn: (arg?: unknown) => void): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((f) => f !== fn));
    return this;
  }
  pause(): void {}
  resume(): void {}
  private emit(event: string, arg?: unknown): void {
    for (const fn of this.listeners.get(event) ?? []) fn(arg);
  }
  async start(stopped: () => boolean): Promise<void> {
    try {
      for await (const chunk of this.source) {
        if (stopped()) return;
        this.emit('data', chunk);
        await Promise.resolve();
      }
      if (!stopped()) this.emit('end');
    } catch (err) {
      this.emit('error', err);
    }
  }
}

/**
 * Stream a CSV file: check its header, then call `onRow` with each record and its row number
 * (the header is row 1). Any error (from the CSV, the schema or `onRow`) stops the parse.
 */
export function readCsv(
  file: SourceFile,
  schema: CsvSchema,
  deadline: Deadline,
  onRow: (record: CsvRecord, row: number) => void,
  /** When given, row-level errors (DatasetRowError other than an unclosed quote) are handed here and the parse goes on. */
  onRowError?: (err: DatasetRowError) => void,
): Promise<{ columns: string[]; rows: number }> {
  return new Promise((resolve, reject) => {
    let columns: string[] | undefined;
    let row = 0;
    let failure: Error | undefined;
    const pump = new ChunkPump(file.chunks());
    const fail = (err: unknown, parser?: Papa.Parser) => {
      if (failure === undefined) failure = err instanceof Error ? err : new Error(String(err));
      parser?.abort();
    };
    Papa.parse<string[]>(pump as unknown as NodeJS.ReadableStream, {
      header: false,
      delimiter: ',',
      quoteChar: '"',
      skipEmptyLines: true,
      step(results, parser) {
        if (failure !== undefined) return;
        row++;
        try {
          if (deadline.expired()) throw ParseTimeoutError.of(file.name, row, deadline.elapsedMs());
          const quoteError = results.errors.find((e) => e.type === 'Quotes');
          if (quoteError) {
            throw DatasetRowError.at({ file: file.name, row }, `a quoted field is not closed (${quoteError.message})`, 'Close the quote, or double any quote inside a quoted field ("")');
          }
          if (columns === undefined) {
            columns = checkHeader(file.name, results.data, schema);
            return;
          }
          if (results.data.length !== columns.length) {
            const column = results.data.length > columns.length ? `#${columns.length + 1}` : columns[results.data.length];
            throw DatasetRowError.at({ file: file.name, row, column }, `${results.data.length} fields where the header has ${columns.length}`, 'Quote fields that contain commas, and give every row one field per column');
          }
          const record = Object.create(null) as Record<string, string>;
          columns.forEach((c, i) => (record[c] = results.data[i]));
          onRow(record, row);
        } catch (err) {
          if (onRowError && err instanceof DatasetRowError && results.errors.length === 0 && columns !== undefined) onRowError(err);
          else fail(err, parser);
        }
      },
      complete() {
        if (failure !== undefined) reject(failure);
        else if (columns === undefined) reject(CsvHeaderError.at({ file: file.name, row: 1 }, 'the file is empty', 'Choose the questions CSV, whose first row names the columns'));
        else resolve({ columns, rows: row });
      },
      error(err) {
        fail(err);
        reject(failure ?? new Error('CSV stream failed'));
      },
    });
    void pump.start(() => failure !== undefined);
  });
}

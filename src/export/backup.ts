// The all-runs backup file: every run, experiment and dataset store of IndexedDB in one zip
// (manifest.json + tables/<store>.jsonl), read in one snapshot and written back in one transaction.

import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { LabDb } from '../homes/storage/db';
import { decodeValue, encodeValue } from './backupCodec';
import { BackupFormatError } from './errors';

export const BACKUP_FORMAT = 'comam-lab-backup';
export const BACKUP_VERSION = 1;

/** Every store a backup holds, with the field that names its owner (a run, an experiment or a dataset). */
export const BACKUP_TABLES = Object.freeze({
  runs: { owner: 'run', key: 'id' },
  metrics: { owner: 'run', key: 'runId' },
  trajectories: { owner: 'run', key: 'runId' },
  memoryItems: { owner: 'run', key: 'runId' },
  checkpoints: { owner: 'run', key: 'runId' },
  adapters: { owner: 'run', key: 'runId' },
  experiments: { owner: 'experiment', key: 'id' },
  datasets: { owner: 'dataset', key: 'id' },
  personas: { owner: 'dataset', key: 'datasetId' },
  contexts: { owner: 'dataset', key: 'datasetId' },
  questions: { owner: 'dataset', key: 'datasetId' },
} as const);
export type BackupTable = keyof typeof BACKUP_TABLES;
export const BACKUP_TABLE_NAMES = Object.freeze(Object.keys(BACKUP_TABLES) as BackupTable[]);
/** Stores a file written before they existed may lack (read as empty). */
const OPTIONAL: readonly BackupTable[] = ['experiments'];
type Owner = (typeof BACKUP_TABLES)[BackupTable]['owner'];
const OWNER_TABLES = [
  ['run', 'runs'],
  ['experiment', 'experiments'],
  ['dataset', 'datasets'],
] as const;
/** Stores whose primary key is an auto-incremented `seq`. */
const AUTO_KEYED: readonly BackupTable[] = ['trajectories', 'memoryItems'];

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** The IndexedDB schema version the rows belong to. */
  schemaVersion: number;
  createdAt: string;
  tables: Record<BackupTable, { rows: number; sha256: string }>;
}

export interface BackupProgress {
  phase: 'read' | 'pack' | 'check' | 'write';
  done: number;
  total: number;
  label: string;
}
export type BackupProgressFn = (p: BackupProgress) => void;

type Row = Record<string, unknown>;

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

const tableOf = (db: LabDb, name: BackupTable) => db.table<Row>(name);
const tablesOf = (db: LabDb) => BACKUP_TABLE_NAMES.map((n) => tableOf(db, n));

/** Every run and dataset in one zip; the stores are read in one snapshot (a read transaction). */
export async function exportBackup(db: LabDb, onProgress: BackupProgressFn = () => undefined, now: Date = new Date()): Promise<Uint8Array> {
  const lines = {} as Record<BackupTable, Uint8Array[]>;
  await db.transaction('r', tablesOf(db), async () => {
    const counts = await Promise.all(BACKUP_TABLE_NAMES.map((n) => tableOf(db, n).count()));
    const total = counts.reduce((a, b) => a + b, 0);
    let done = 0;
    for (const name of BACKUP_TABLE_NAMES) {
      const out: Uint8Array[] = [];
      lines[name] = out;
      await tableOf(db, name).each((row) => {
        out.push(strToU8(`${JSON.stringify(encodeValue(row))}\n`));
        done++;
        if (done % 200 === 0 || done === total) onProgress({ phase: 'read', done, total, label: `reading ${name}: ${done} of ${total} rows` });
      });
    }
  });
  const tree: Zippable = {};
  const tables = {} as BackupManifest['tables'];
  let packed = 0;
  for (const name of BACKUP_TABLE_NAMES) {
    const body = concat(lines[name]);
    tables[name] = { rows: lines[name].length, sha256: await sha256(body) };
    tree[`tables/${name}.jsonl`] = [body, { level: 1 }];
    onProgress({ phase: 'pack', done: ++packed, total: BACKUP_TABLE_NAMES.length, label: `packing ${name}` });
  }
  const manifest: BackupManifest = { format: BACKUP_FORMAT, version: BACKUP_VERSION, schemaVersion: db.verno, createdAt: now.toISOString(), tables };
  tree['manifest.json'] = strToU8(`${JSON.stringify(manifest, null, 2)}\n`);
  return zipSync(tree);
}

export type ConflictPolicy = 'skip' | 'replace';

export interface BackupContents {
  manifest: BackupManifest;
  rows: Record<BackupTable, Row[]>;
}

const isObject = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Unzip and check a backup completely (manifest, checksums, row counts, keys, owners) before anything is written. */
export async function readBackup(bytes: Uint8Array, fileName: string, onProgress: BackupProgressFn = () => undefined): Promise<BackupContents> {
  const bad = (message: string, data: Record<string, string | number> = {}) => new BackupFormatError(`${fileName}: ${message} Nothing was imported; export the runs again from the lab that made the file.`, { file: fileName, ...data });
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (err) {
    throw bad(`is not a readable zip (${(err as Error).message}); it may be truncated or corrupt.`);
  }
  const mf = entries['manifest.json'];
  if (!mf) throw bad('has no manifest.json, so it is not a comam-lab backup.');
  let manifest: unknown;
  try {
    manifest = JSON.parse(strFromU8(mf));
  } catch (err) {
    throw bad(`manifest.json is not valid JSON (${(err as Error).message}).`);
  }
  if (!isObject(manifest) || manifest.format !== BACKUP_FORMAT) throw bad(`manifest.json does not say format "${BACKUP_FORMAT}".`);
  if (manifest.version !== BACKUP_VERSION) throw bad(`is backup version ${JSON.stringify(manifest.version)}; this lab reads version ${BACKUP_VERSION}.`);
  if (!isObject(manifest.tables)) throw bad('manifest.json lists no tables.');
  const listed = manifest.tables;
  const rows = {} as Record<BackupTable, Row[]>;
  let checked = 0;
  for (const name of BACKUP_TABLE_NAMES) {
    const info = listed[name];
    if (info === undefined && OPTIONAL.includes(name)) {
      rows[name] = [];
      continue;
    }
    if (!isObject(info) || !Number.isInteger(info.rows) || typeof info.sha256 !== 'string') throw bad(`manifest.json has no entry for table ${name}.`, { table: name });
    const body = entries[`tables/${name}.jsonl`];
    if (!body) throw bad(`tables/${name}.jsonl is missing.`, { table: name });
    if ((await sha256(body)) !== info.sha256) throw bad(`tables/${name}.jsonl does not match its checksum; the file is corrupt.`, { table: name });
    const text = strFromU8(body);
    const list: Row[] = [];
    const key = BACKUP_TABLES[name].key;
    text.split('\n').forEach((line, i) => {
      if (line === '') return;
      let row: unknown;
      try {
        row = decodeValue(JSON.parse(line));
      } catch (err) {
        throw bad(`tables/${name}.jsonl line ${i + 1} is not a row (${(err as Error).message}).`, { table: name, line: i + 1 });
      }
      if (!isObject(row) || typeof row[key] !== 'string') throw bad(`tables/${name}.jsonl line ${i + 1} has no "${key}".`, { table: name, line: i + 1 });
      list.push(row);
    });
    if (list.length !== info.rows) throw bad(`tables/${name}.jsonl holds ${list.length} rows, the manifest says ${String(info.rows)}.`, { table: name });
    rows[name] = list;
    onProgress({ phase: 'check', done: ++checked, total: BACKUP_TABLE_NAMES.length, label: `checked ${name} (${list.length} rows)` });
  }
  const owners = Object.fromEntries(OWNER_TABLES.map(([owner, table]) => [owner, new Set(rows[table].map((r) => r.id as string))])) as Record<Owner, Set<string>>;
  for (const name of BACKUP_TABLE_NAMES) {
    const { owner, key } = BACKUP_TABLES[name];
    const known = owners[owner];
    const orphan = rows[name].find((r) => !known.has(r[key] as string));
    if (orphan) throw bad(`a row of ${name} belongs to ${owner} "${String(orphan[key])}", which the file does not hold.`, { table: name });
  }
  return { manifest: manifest as unknown as BackupManifest, rows };
}

export interface BackupImportReport {
  runs: { imported: string[]; skipped: string[]; replaced: string[] };
  experiments: { imported: string[]; skipped: string[]; replaced: string[] };
  datasets: { imported: string[]; skipped: string[]; replaced: string[] };
  rows: Record<BackupTable, number>;
  /** Stores whose auto-numbered keys were taken here, so their rows were numbered anew (order kept). */
  renumbered: BackupTable[];
  /** One sentence for the UI and the CLI. */
  message: string;
}

function summary(r: Omit<BackupImportReport, 'message'>, policy: ConflictPolicy): string {
  const parts = [`Imported ${r.runs.imported.length} run(s), ${r.experiments.imported.length} experiment(s) and ${r.datasets.imported.length} dataset(s).`];
  const skipped = [...r.runs.skipped, ...r.experiments.skipped, ...r.datasets.skipped];
  if (skipped.length > 0) parts.push(`Skipped ${skipped.length} already stored here (${skipped.join(', ')}); import again with "replace" to overwrite them.`);
  const replaced = [...r.runs.replaced, ...r.experiments.replaced, ...r.datasets.replaced];
  if (replaced.length > 0) parts.push(`Replaced ${replaced.length} stored one(s) (${replaced.join(', ')}).`);
  if (r.renumbered.length > 0) parts.push(`Rows of ${r.renumbered.join(', ')} got new internal numbers (their order is kept).`);
  if (policy === 'skip' && skipped.length === 0 && replaced.length === 0 && r.runs.imported.length + r.experiments.imported.length + r.datasets.imported.length === 0) parts.push('The file holds no runs.');
  return parts.join(' ');
}

/**
 * Write a checked backup in one transaction: a failure anywhere writes nothing. Runs and datasets whose
 * ids are already stored are skipped or replaced (with all their rows), as `policy` says; ids are kept.
 */
export async function importBackup(db: LabDb, contents: BackupContents, policy: ConflictPolicy, onProgress: BackupProgressFn = () => undefined): Promise<BackupImportReport> {
  const { rows } = contents;
  const report: Omit<BackupImportReport, 'message'> = {
    runs: { imported: [], skipped: [], replaced: [] },
    experiments: { imported: [], skipped: [], replaced: [] },
    datasets: { imported: [], skipped: [], replaced: [] },
    rows: Object.fromEntries(BACKUP_TABLE_NAMES.map((n) => [n, 0])) as Record<BackupTable, number>,
    renumbered: [],
  };
  await db.transaction('rw', tablesOf(db), async () => {
    const conflicts: Record<Owner, Set<string>> = { run: new Set(), experiment: new Set(), dataset: new Set() };
    for (const [owner, table] of OWNER_TABLES) {
      const ids = rows[table].map((r) => r.id as string);
      const found = await tableOf(db, table).bulkGet(ids);
      ids.forEach((id, i) => {
        if (found[i]) conflicts[owner].add(id);
      });
      const target = report[table];
      for (const id of ids) (conflicts[owner].has(id) ? (policy === 'skip' ? target.skipped : target.replaced) : target.imported).push(id);
    }
    if (policy === 'replace') {
      for (const name of BACKUP_TABLE_NAMES) {
        const { owner, key } = BACKUP_TABLES[name];
        const ids = [...conflicts[owner]];
        if (ids.length > 0) await tableOf(db, name).where(key).anyOf(ids).delete();
      }
    }
    const keep = (name: BackupTable) => {
      const { owner, key } = BACKUP_TABLES[name];
      return policy === 'skip' ? rows[name].filter((r) => !conflicts[owner].has(r[key] as string)) : rows[name];
    };
    const total = BACKUP_TABLE_NAMES.reduce((n, name) => n + keep(name).length, 0);
    let done = 0;
    for (const name of BACKUP_TABLE_NAMES) {
      let list = keep(name);
      if (AUTO_KEYED.includes(name) && list.length > 0) {
        const seqs = list.map((r) => r.seq).filter((s): s is number => typeof s === 'number');
        const taken = (await tableOf(db, name).bulkGet(seqs)).some((x) => x !== undefined);
        if (taken || seqs.length !== list.length) {
          list = [...list].sort((a, b) => Number(a.seq ?? 0) - Number(b.seq ?? 0)).map(({ seq: _seq, ...rest }) => rest);
          report.renumbered.push(name);
        }
      }
      for (let i = 0; i < list.length; i += 500) {
        const chunk = list.slice(i, i + 500);
        await tableOf(db, name).bulkAdd(chunk);
        done += chunk.length;
        onProgress({ phase: 'write', done, total, label: `writing ${name}: ${done} of ${total} rows` });
      }
      report.rows[name] = list.length;
    }
  });
  return { ...report, message: summary(report, policy) };
}

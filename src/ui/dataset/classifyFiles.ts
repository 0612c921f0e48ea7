// Which import a set of picked or dropped files is: a questions CSV + contexts JSONL (PersonaMem v1)
// or a benchmark CSV + chat-history JSON files (PersonaMem-v2); anything else says what is missing.

import type { ImportFiles } from '../../env/importProtocol';

type Named = Blob & { name: string };

export type Classified = { ok: true; files: ImportFiles } | { ok: false; problem: string };

export function classifyFiles(files: readonly Named[]): Classified {
  const ext = (f: Named) => f.name.toLowerCase().split('.').pop() ?? '';
  const csv = files.filter((f) => ext(f) === 'csv');
  const jsonl = files.filter((f) => ext(f) === 'jsonl');
  const json = files.filter((f) => ext(f) === 'json');
  const other = files.filter((f) => !['csv', 'jsonl', 'json'].includes(ext(f)));
  if (other.length > 0) return { ok: false, problem: `Not a dataset file: ${other.map((f) => f.name).join(', ')}. Choose .csv, .jsonl or .json files.` };
  if (csv.length !== 1) return { ok: false, problem: `Choose exactly one questions CSV (got ${csv.length}).` };
  if (jsonl.length === 1 && json.length === 0) return { ok: true, files: { format: 'personamem-v1', questions: csv[0], contexts: jsonl[0] } };
  if (jsonl.length === 0 && json.length > 0) return { ok: true, files: { format: 'personamem-v2', benchmark: csv[0], histories: json } };
  return { ok: false, problem: 'Add the contexts: one shared_contexts_*.jsonl (PersonaMem v1) or the chat-history .json files (PersonaMem-v2).' };
}

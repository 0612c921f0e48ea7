// Test support: builds a shared-contexts JSONL that matches a PersonaMem questions CSV (the real
// contexts file is not available here), with a system turn opening a session every 12 turns.

import Papa from 'papaparse';

export const FIXTURE_QUESTIONS = '../shared/fixtures/personamem/questions_32k.csv';

export function contextsFor(questionsCsv: string, options: { extraTurns?: number; sessionEvery?: number } = {}): string {
  const parsed = Papa.parse<string[]>(questionsCsv, { header: false, skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  const idCol = header.indexOf('shared_context_id');
  const endCol = header.indexOf('end_index_in_shared_context');
  const need = new Map<string, number>();
  for (const r of rows) need.set(r[idCol], Math.max(need.get(r[idCol]) ?? 0, Number(r[endCol])));
  const every = options.sessionEvery ?? 12;
  let out = '';
  for (const [id, end] of need) {
    const messages = Array.from({ length: end + (options.extraTurns ?? 4) }, (_, i) =>
      i % every === 0 ? { role: 'system', content: `Session ${i / every + 1} of ${id.slice(0, 8)}.` } : { role: i % 2 === 1 ? 'user' : 'assistant', content: `Turn ${i}: a line about "quotes", commas, and\nnew lines.` },
    );
    out += `${JSON.stringify({ [id]: messages })}\r\n`;
  }
  return out;
}

// A shared-contexts JSONL of PersonaMem v1's shape for a questions CSV whose contexts file is missing
// (the real one is not available here): every shared_context_id it names, with enough turns for its
// largest end index, ten sessions opened by system turns before it, and turns as long as the CSV says.

import Papa from 'papaparse';
import { ACKS, DISTRACTORS } from './worldContent';
import { createRng } from './rng';

export interface ContextsForOptions {
  /** Same seed, same bytes (default 1). */
  seed?: number;
  /** Sessions before a context's largest end index (default 10, PersonaMem 32k's; distance_to_ref_in_blocks reaches 7). */
  sessions?: number;
  /** Turns after the largest end index (default 4: the file holds more than any question sees). */
  extraTurns?: number;
}

/**
 * One JSONL line per shared_context_id (in first-use order): `{"<id>": [{role, content}, …]}`. A system
 * turn opens each session; user and assistant turns alternate, drawn from the generator's chit-chat and
 * repeated up to the letters per turn of that context's longest question (context_length_in_letters /
 * end_index_in_shared_context), so the histories have the real file's length in characters.
 * Example: a CSV row with shared_context_id "abc", end index 96, 70,000 letters → "abc" with 100 turns of
 * about 730 characters, a system turn at 0, 10, 20, ….
 */
export function contextsFor(questionsCsv: string, o: ContextsForOptions = {}): string {
  const parsed = Papa.parse<string[]>(questionsCsv, { header: false, skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new RangeError(`the questions CSV has no ${name} column`);
    return i;
  };
  const [idCol, endCol, lettersCol] = [col('shared_context_id'), col('end_index_in_shared_context'), col('context_length_in_letters')];
  const need = new Map<string, { end: number; letters: number }>();
  for (const r of rows) {
    const end = Number(r[endCol]);
    const prev = need.get(r[idCol]);
    if (!prev || end > prev.end) need.set(r[idCol], { end, letters: Number(r[lettersCol]) || 0 });
  }
  const rng = createRng(o.seed ?? 1);
  const every = (end: number) => Math.max(2, Math.floor(end / (o.sessions ?? 10)));
  let out = '';
  for (const [id, { end, letters }] of need) {
    const perTurn = end > 0 ? letters / end : 0;
    const fill = (first: string, pool: readonly string[]) => {
      let text = first;
      while (text.length < perTurn) text += ` ${rng.pick(pool)}`;
      return text;
    };
    const userPool = DISTRACTORS.map(([q]) => q);
    const assistantPool = [...DISTRACTORS.map(([, a]) => a), ...ACKS];
    const k = every(end);
    const messages = Array.from({ length: end + (o.extraTurns ?? 4) }, (_, i) => {
      if (i % k === 0) return { role: 'system', content: `Session ${i / k + 1}: the user chats with the assistant.` };
      return (i % k) % 2 === 1 ? { role: 'user', content: fill(rng.pick(userPool), userPool) } : { role: 'assistant', content: fill(rng.pick(assistantPool), assistantPool) };
    });
    out += `${JSON.stringify({ [id]: messages })}\n`;
  }
  return out;
}

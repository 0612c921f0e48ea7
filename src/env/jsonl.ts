// Streaming reader of PersonaMem shared-context JSONL: one `{ "<context id>": [{role, content}, ...] }`
// per line, validated line by line; contexts are kept in a Map (ids never touch an object prototype).

import { JsonLineError, ParseTimeoutError } from './errors';
import type { RawMessage } from './sessions';
import { linesOf, type Deadline, type SourceFile } from './source';

const ROLES = new Set(['user', 'assistant', 'system']);

/** Check one parsed chat array; `where` names it in errors (e.g. `abc[3]`). */
export function checkMessages(value: unknown, file: string, row: number, where: string): RawMessage[] {
  if (!Array.isArray(value)) {
    throw JsonLineError.at({ file, row, column: where }, 'the chat is not a JSON array', 'Give a list of {"role", "content"} objects');
  }
  return value.map((m: unknown, i) => {
    const column = `${where}[${i}]`;
    if (typeof m !== 'object' || m === null || Array.isArray(m)) {
      throw JsonLineError.at({ file, row, column }, 'a message is not an object', 'Write each message as {"role": ..., "content": ...}');
    }
    const role = (m as { role?: unknown }).role;
    const content = (m as { content?: unknown }).content;
    if (typeof role !== 'string' || !ROLES.has(role)) {
      throw JsonLineError.at({ file, row, column: `${column}.role` }, `role ${JSON.stringify(role)} is not user, assistant or system`, 'Use one of those three roles');
    }
    if (typeof content !== 'string') {
      throw JsonLineError.at({ file, row, column: `${column}.content` }, 'content is not a string', 'Give the message text as a JSON string');
    }
    return { role: role as RawMessage['role'], content };
  });
}

/**
 * Read every line; keep the contexts `wanted` accepts (all when omitted). Returns kept contexts by
 * id and the number of contexts seen. Blank lines are skipped; anything else must be valid.
 */
export async function readContextsJsonl(
  file: SourceFile,
  deadline: Deadline,
  wanted?: (id: string) => boolean,
): Promise<{ contexts: Map<string, { messages: RawMessage[]; row: number }>; seen: number }> {
  const contexts = new Map<string, { messages: RawMessage[]; row: number }>();
  const seenIds = new Set<string>();
  for await (const { line, text } of linesOf(file)) {
    if (deadline.expired()) throw ParseTimeoutError.of(file.name, line, deadline.elapsedMs());
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw JsonLineError.at({ file: file.name, row: line }, `invalid JSON (${err instanceof Error ? err.message : String(err)})`, 'Each line must be one complete JSON object');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw JsonLineError.at({ file: file.name, row: line }, 'the line is not a JSON object', 'Write {"<shared_context_id>": [messages]} on each line');
    }
    const keys = Object.keys(parsed);
    if (keys.length !== 1) {
      throw JsonLineError.at({ file: file.name, row: line }, `the object has ${keys.length} keys, not 1`, 'Put exactly one context per line');
    }
    const id = keys[0];
    if (seenIds.has(id)) {
      throw JsonLineError.at({ file: file.name, row: line, column: id }, `context id ${id} appears twice`, 'Keep one line per context id');
    }
    seenIds.add(id);
    const value = Object.getOwnPropertyDescriptor(parsed, id)?.value as unknown;
    const messages = checkMessages(value, file.name, line, id);
    if (!wanted || wanted(id)) contexts.set(id, { messages, row: line });
  }
  return { contexts, seen: seenIds.size };
}

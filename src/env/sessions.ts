// Session boundaries of a flat chat: a `system` turn after dialog opens a new session (the generator writes one
// at the start of each session, so its worlds round-trip through PersonaMem's session-less JSONL).

import { turnId, type Role, type SessionSpan, type Turn } from './types';

export interface RawMessage {
  role: Role;
  content: string;
}

/** Turns with stable ids and session numbers, and the session spans, for one context. */
export function buildTurns(contextId: string, messages: readonly RawMessage[]): { turns: Turn[]; sessions: SessionSpan[] } {
  const sessions: SessionSpan[] = [];
  const turns: Turn[] = [];
  let hasDialog = false;
  messages.forEach((m, index) => {
    if (sessions.length === 0 || (m.role === 'system' && hasDialog)) {
      sessions.push({ index: sessions.length, startTurn: index, endTurn: index });
      hasDialog = false;
    }
    if (m.role !== 'system') hasDialog = true;
    const session = sessions[sessions.length - 1];
    session.endTurn = index + 1;
    turns.push({ id: turnId(contextId, index), index, role: m.role, content: m.content, session: session.index });
  });
  return { turns, sessions };
}

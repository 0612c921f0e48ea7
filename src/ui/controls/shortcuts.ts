// Keyboard shortcuts of the run controls: one key per action, ignored while typing in a field.

import type { ControlAction } from '../../store/runSlice';

export const SHORTCUTS: Readonly<Record<ControlAction, string>> = Object.freeze({ start: 's', pause: 'p', resume: 'r', step: 'n', stop: 'x' });

/** The action a key press asks for, or undefined (modifiers held, or typing in an editable element). */
export function shortcutAction(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>): ControlAction | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  const t = e.target as { tagName?: string; isContentEditable?: boolean } | null;
  if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName ?? ''))) return undefined;
  const key = e.key.toLowerCase();
  return (Object.keys(SHORTCUTS) as ControlAction[]).find((a) => SHORTCUTS[a] === key);
}

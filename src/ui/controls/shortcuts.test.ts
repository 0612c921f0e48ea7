import { describe, expect, it } from 'vitest';
import { shortcutAction } from './shortcuts';

const press = (key: string, extra: Partial<{ ctrlKey: boolean; tagName: string }> = {}) =>
  shortcutAction({ key, ctrlKey: extra.ctrlKey ?? false, metaKey: false, altKey: false, target: { tagName: extra.tagName ?? 'BODY' } as unknown as EventTarget });

describe('shortcutAction', () => {
  it('maps keys to actions, case-insensitively', () => {
    expect([press('s'), press('P'), press('r'), press('n'), press('x'), press('q')]).toEqual(['start', 'pause', 'resume', 'step', 'stop', undefined]);
  });
  it('ignores presses while typing or with modifiers', () => {
    expect(press('s', { tagName: 'INPUT' })).toBeUndefined();
    expect(press('s', { tagName: 'TEXTAREA' })).toBeUndefined();
    expect(press('s', { ctrlKey: true })).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { defaultHistoryScope, presetWorldRef } from '../../rl/syntheticWorld';
import { bufferIo } from '../io';
import { main } from '../main';

describe('comam-lab eval: the history a world is evaluated on', { timeout: 120_000 }, () => {
  it('defaults to the evidence session on the lesson world and to the full history elsewhere', () => {
    expect(defaultHistoryScope(presetWorldRef('lesson', 1))).toBe('evidence');
    expect(defaultHistoryScope({ ...presetWorldRef('lesson', 1), style: undefined })).toBe('full');
    expect(defaultHistoryScope({ kind: 'stored', id: 'personamem-32k' })).toBe('full');
  });

  it('runs --world lesson on the evidence session unless --history says otherwise', async () => {
    const report = async (...extra: string[]) => {
      const io = bufferIo();
      expect(await main(['eval', '--untrained', '--world', 'lesson', '--seed', '1', '--limit', '1', '--json', '--backend', 'wasm', ...extra], io), io.stderr()).toBe(0);
      return JSON.parse(io.stdout()) as { history: string; questions: number };
    };
    expect(await report()).toMatchObject({ history: 'evidence', questions: 1 });
    expect(await report('--history', 'full')).toMatchObject({ history: 'full', questions: 1 });
    const bad = bufferIo();
    expect(await main(['eval', '--untrained', '--world', 'lesson', '--history', 'all'], bad)).not.toBe(0);
    expect(bad.stderr()).toMatch(/--history must be evidence or full, got "all"/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../model/engine';
import type { PromptCodec } from '../rl/codec';
import { fixtureModel } from '../run/training/testkit';
import { frozenBaseJudge, readRating } from './frozenBase';

describe('the frozen-base judge on the fixture model (cpu)', { timeout: 120_000 }, () => {
  let engine: Engine;
  let codec: PromptCodec;
  beforeAll(async () => {
    ({ engine, codec } = await fixtureModel('cpu'));
  });
  afterAll(() => engine.dispose());

  it('keeps the latest history that fits the model positions, so a long history never passes max_position_embeddings', async () => {
    const judge = frozenBaseJudge(engine, codec);
    const history = Array.from({ length: 200 }, (_, i) => `user: turn ${i}, I drink green tea every morning.`);
    const verdict = await judge.scoreProfile({ profile: '- drinks green tea', history, goldFacts: [] });
    expect(verdict.score).toBeGreaterThanOrEqual(0);
    expect(verdict.score).toBeLessThanOrEqual(1);
    const huge = await judge.scoreProfile({ profile: `- ${'tea '.repeat(600)}`, history, goldFacts: [] });
    expect(huge).toMatchObject({ score: 0 });
    expect(huge.explanation).toMatch(/does not fit the model's 508 positions/);
    expect(readRating(' 7/10')).toBe(7);
  });
});

// The frozen-base judge: the trainer's own base model with every adapter off rates a profile's
// grounding in the history from 0 to 10 (greedy), read as r1 = rating / 10.

import { renderPrompt, type PromptTemplate } from '../agents/template';
import type { Engine } from '../model/engine';
import type { PromptCodec } from '../rl/codec';
import { RolloutInputError } from '../rl/errors';
import { fitPrompt } from '../rl/rollout';
import type { Judge, JudgeVerdict, ProfileJudgeInput } from './judge';

export const FROZEN_JUDGE_PROMPT: PromptTemplate = Object.freeze({
  agent: 'judge',
  slots: Object.freeze(['history', 'profile']),
  text: [
    'You check a user profile against the conversation it was written from.',
    'Conversation:',
    '{{history}}',
    '',
    'Profile:',
    '{{profile}}',
    '',
    'How well does the profile state what the user said about themselves, without inventing anything?',
    'Answer with one whole number from 0 (not at all) to 10 (perfectly).',
    'Rating:',
  ].join('\n'),
});

/** The first whole number 0–10 in a rating text, or null. Example: " 7/10" → 7; "eleven" → null. */
export function readRating(text: string): number | null {
  const m = /\b(10|[0-9])\b/.exec(text);
  return m ? Number(m[1]) : null;
}

/** Most history characters the judge prompt carries (the latest ones), so it fits a small model. */
const HISTORY_CHARS = 4000;

export function frozenBaseJudge(engine: Engine, codec: PromptCodec, maxTokens = 4): Judge {
  return {
    name: 'frozen-base',
    async scoreProfile(input: ProfileJudgeInput): Promise<JudgeVerdict> {
      if (input.profile.trim() === '') return { score: 0, parts: { rating: 0 }, explanation: 'Empty profile: nothing to rate.' };
      const turns = input.history.join('\n').slice(-HISTORY_CHARS).split('\n');
      // The latest history lines that fit the model's positions with the rating's tokens.
      const render = (keep: number) => renderPrompt(FROZEN_JUDGE_PROMPT, { history: turns.slice(turns.length - keep).join('\n'), profile: input.profile });
      const positions = engine.config.maxPositionEmbeddings - maxTokens;
      let prompt: number[];
      try {
        prompt = fitPrompt('profiler', turns.length, render, codec, positions).ids;
      } catch (err) {
        if (!(err instanceof RolloutInputError)) throw err;
        return { score: 0, parts: { rating: 0 }, explanation: `The judge prompt does not fit the model's ${positions} positions even with no history (the profile is too long); scored 0.` };
      }
      const previous = engine.activeAdapter;
      engine.setActiveAdapter(null);
      try {
        const [gen] = await engine.generate([prompt], { temperature: 0, maxTokens, stopTokens: codec.stopTokens });
        const text = codec.decode(gen.ids);
        const rating = readRating(text);
        if (rating === null) return { score: 0, parts: { rating: 0 }, explanation: `The base model gave no rating 0–10 ("${text.trim().slice(0, 40)}"); scored 0.` };
        return { score: rating / 10, parts: { rating }, explanation: `The frozen base rated the profile ${rating}/10.` };
      } finally {
        engine.setActiveAdapter(previous);
      }
    },
  };
}

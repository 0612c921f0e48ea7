import { describe, expect, it } from 'vitest';
import { DatasetReferenceError, DatasetRowError, FileTooLargeError } from './errors';
import { importPersonaMemV2 } from './personamemV2';
import { stringSource } from './source';

const history = JSON.stringify({
  metadata: { persona_id: 7 },
  chat_history: [
    { role: 'system', content: 'persona' },
    { role: 'user', content: 'I stopped eating meat last spring for my health.' },
    { role: 'assistant', content: 'Good for you.' },
    { role: 'user', content: 'Any idea for dinner?' },
  ],
});
const HEADER = 'persona_id,chat_history_32k_link,user_query,correct_answer,incorrect_answers,related_conversation_snippet,topic_preference';
const line = (over: { answers?: string; link?: string } = {}) =>
  `7,${over.link ?? 'data/chat_history_32k/h7.json'},"{""role"": ""user"", ""content"": ""What should I cook?""}",A vegetable curry,"${over.answers ?? `['A steak', 'Pork ribs', ""Chicken wings""]`}",stopped eating meat for my health,food`;

function imp(csv: string) {
  return importPersonaMemV2({ benchmark: stringSource('benchmark.csv', csv), histories: [stringSource('h7.json', history)] });
}

describe('importPersonaMemV2', () => {
  it('builds four options from the correct and incorrect answers and approximate evidence from the snippet', async () => {
    const d = await imp(`${HEADER}\n${line()}\n`);
    expect(d.source).toBe('personamem-v2');
    const q = d.questions[0];
    expect(q.query).toBe('What should I cook?');
    expect(q.options[q.correct]).toBe('A vegetable curry');
    expect([...q.options].sort()).toEqual(['A steak', 'A vegetable curry', 'Chicken wings', 'Pork ribs']);
    expect(q).toMatchObject({ evidenceTurnIds: ['h7:1'], evidenceApproximate: true, endIndex: 4, topic: 'food', type: 'provide_preference_aligned_recommendations' });
  });
  it('names the row of a wrong answer count and of a missing history file', async () => {
    await expect(imp(`${HEADER}\n${line({ answers: `['A steak']` })}\n`)).rejects.toThrow(DatasetRowError);
    await expect(imp(`${HEADER}\n${line({ answers: `['A steak']` })}\n`)).rejects.toThrow(/benchmark\.csv, row 2, column "incorrect_answers": 1 incorrect answers make 2 options, not 4/);
    await expect(imp(`${HEADER}\n${line({ link: 'x/other.json' })}\n`)).rejects.toThrow(DatasetReferenceError);
    await expect(imp(`persona_id,user_query,correct_answer,incorrect_answers\n1,q,a,"[]"\n`)).rejects.toThrow(/no chat_history_\*_link column/);
  });
  it('refuses an oversized history before reading it', async () => {
    const big = { name: 'h7.json', size: 3 * 2 ** 30, chunks: () => { throw new Error('must not read'); } };
    await expect(importPersonaMemV2({ benchmark: stringSource('benchmark.csv', `${HEADER}\n${line()}\n`), histories: [big] })).rejects.toThrow(FileTooLargeError);
  });
});

import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { bytesToUnicode, preTokenize, toTokenizerJson, trainByteLevelBpe } from './bpe';

const SPECIAL = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'];
const CORPUS = [
  'I moved to Lisbon last spring with my dog Biscuit.',
  'My favourite cuisine used to be Thai, but lately I prefer Ethiopian food.',
  'I work as a nurse and my shifts start at 7 am.',
  'Biscuit loves long walks by the river in Lisbon.',
  'I switched from tea to coffee because of the night shifts.',
  "I'm learning the cello; it's hard but I love it — 3 lessons a week!",
];

describe('byte-level BPE trainer', () => {
  it('maps all 256 bytes to distinct printable characters', () => {
    const table = bytesToUnicode();
    expect(new Set(table).size).toBe(256);
    expect(table[32]).toBe('Ġ');
    expect(table[65]).toBe('A');
  });

  it('splits digits one by one and keeps the leading space with words', () => {
    expect(preTokenize('at 7 am, 2024')).toEqual(['at', 'Ġ', '7', 'Ġam', ',', 'Ġ', '2', '0', '2', '4']);
  });

  it('is deterministic and respects the vocabulary size', () => {
    const a = trainByteLevelBpe(CORPUS, { vocabSize: 300, specialTokens: SPECIAL, minFrequency: 2 });
    const b = trainByteLevelBpe([...CORPUS], { vocabSize: 300, specialTokens: SPECIAL, minFrequency: 2 });
    expect(JSON.stringify(toTokenizerJson(a))).toBe(JSON.stringify(toTokenizerJson(b)));
    expect(a.vocab.size).toBeLessThanOrEqual(300);
    expect(a.merges.length).toBeGreaterThan(5);
    expect(a.vocab.get('<|im_end|>')).toBe(2);
  });

  it('produces a tokenizer.json that Hugging Face tokenizers loads and round-trips', () => {
    const bpe = trainByteLevelBpe(CORPUS.concat(CORPUS), { vocabSize: 400, specialTokens: SPECIAL });
    const tok = new Tokenizer(toTokenizerJson(bpe), { add_bos_token: false });
    for (const text of [...CORPUS, 'Unseen wörds: naïve café 42 ✓']) {
      const ids = tok.encode(text, { add_special_tokens: false }).ids;
      expect(tok.decode(ids)).toBe(text);
    }
    // Frequent words become single tokens.
    expect(tok.encode(' Lisbon', { add_special_tokens: false }).ids.length).toBe(1);
    const chat = '<|im_start|>user\nhi<|im_end|>';
    const ids = tok.encode(chat, { add_special_tokens: false }).ids;
    expect(ids[0]).toBe(1);
    expect(ids[ids.length - 1]).toBe(2);
  });
});

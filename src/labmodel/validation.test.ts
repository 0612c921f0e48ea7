import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFolderFiles } from '../model/sources/nodeFolder';
import { loadTokenizer } from '../model/tokenizer';
import { validationSequences } from './validation';

const DIR = join(process.cwd(), 'public', 'models', 'comam-tiny');

describe('validation sequences of the bundled model', () => {
  it('are chat-templated prompts plus teacher completions from a held-out world, deterministic and cut to the limit', async () => {
    const tok = await loadTokenizer(nodeFolderFiles(DIR));
    const seqs = validationSequences(tok, 6, 512);
    expect(seqs).toHaveLength(6);
    expect(validationSequences(tok, 6, 512)).toEqual(seqs);
    const imStart = tok.encode('<|im_start|>', { addSpecialTokens: false })[0];
    for (const s of seqs) {
      expect(s.length).toBeGreaterThan(20);
      expect(s.length).toBeLessThanOrEqual(512);
      expect(s[0]).toBe(imStart);
      if (s.length < 512) expect(s[s.length - 1]).toBe(tok.eosTokenIds[0]);
    }
    const short = validationSequences(tok, 3, 40);
    expect(short.every((s) => s.length === 40)).toBe(true);
    expect(short).toEqual(seqs.slice(0, 3).map((s) => s.slice(0, 40)));
    expect(validationSequences(tok, 3, 512, 1)).not.toEqual(seqs.slice(0, 3));
  });
});

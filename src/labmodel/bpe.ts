// Byte-level BPE training for the bundled lab model: deterministic, and written out as a Hugging Face
// `tokenizer.json` (Digits + ByteLevel pre-tokenizer, BPE model) that any HF tokenizer library loads.

/** GPT-2's byte ↔ printable-unicode table: printable bytes map to themselves, the rest above U+0100. */
export function bytesToUnicode(): string[] {
  const table: string[] = new Array<string>(256);
  const printable = new Set<number>();
  const ranges: [number, number][] = [
    [0x21, 0x7e],
    [0xa1, 0xac],
    [0xae, 0xff],
  ];
  for (const [lo, hi] of ranges) for (let b = lo; b <= hi; b++) printable.add(b);
  let next = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = printable.has(b) ? String.fromCodePoint(b) : String.fromCodePoint(256 + next++);
  }
  return table;
}

const BYTE_CHARS = bytesToUnicode();

/**
 * The ByteLevel pre-tokenizer's split (GPT-2 regex) after splitting digits one by one, as the
 * `Sequence[Digits(individual_digits), ByteLevel(use_regex)]` pre-tokenizer does.
 */
const DIGIT_SPLIT = /\p{N}|[^\p{N}]+/gu;
const BYTE_LEVEL_SPLIT = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

export function preTokenize(text: string): string[] {
  const out: string[] = [];
  const encoder = new TextEncoder();
  for (const piece of text.match(DIGIT_SPLIT) ?? []) {
    for (const word of piece.match(BYTE_LEVEL_SPLIT) ?? []) {
      let mapped = '';
      for (const byte of encoder.encode(word)) mapped += BYTE_CHARS[byte];
      out.push(mapped);
    }
  }
  return out;
}

export interface BpeTrainOptions {
  /** Total vocabulary including special tokens and the 256 byte symbols. */
  vocabSize: number;
  /** Added tokens, given ids 0..k-1 in this order (e.g. <|endoftext|>, <|im_start|>, <|im_end|>). */
  specialTokens: string[];
  /** A pair must occur at least this often to be merged. Default 2. */
  minFrequency?: number;
}

export interface TrainedBpe {
  /** Token string → id; special tokens first, then the 256 byte symbols, then merges in order. */
  vocab: Map<string, number>;
  /** Merges in rank order, each as the two symbols merged. */
  merges: [string, string][];
  specialTokens: string[];
}

/**
 * Learn merges greedily: each round merges the most frequent adjacent pair over all pre-tokenized
 * words (ties: the pair whose symbols sort first, by code units), until the vocabulary is full or
 * no pair reaches `minFrequency`. Same texts and options → same vocabulary, on any machine.
 */
export function trainByteLevelBpe(texts: Iterable<string>, opts: BpeTrainOptions): TrainedBpe {
  const minFrequency = opts.minFrequency ?? 2;
  const counts = new Map<string, number>();
  for (const text of texts) for (const w of preTokenize(text)) counts.set(w, (counts.get(w) ?? 0) + 1);

  const symbols: string[] = [];
  const symbolId = new Map<string, number>();
  const intern = (s: string): number => {
    let id = symbolId.get(s);
    if (id === undefined) {
      id = symbols.length;
      symbols.push(s);
      symbolId.set(s, id);
    }
    return id;
  };
  const base = [...BYTE_CHARS].sort();
  for (const ch of base) intern(ch);

  // Sorted word order keeps every count independent of Map insertion order.
  const wordList = [...counts.keys()].sort();
  const words = wordList.map((w) => Array.from(w, (ch) => intern(ch)));
  const freq = wordList.map((w) => counts.get(w) ?? 0);

  const merges: [string, string][] = [];
  const budget = opts.vocabSize - opts.specialTokens.length - base.length;
  const SHIFT = 1 << 20;
  while (merges.length < budget) {
    const pairCounts = new Map<number, number>();
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      const f = freq[i];
      for (let j = 0; j + 1 < w.length; j++) {
        const key = w[j] * SHIFT + w[j + 1];
        pairCounts.set(key, (pairCounts.get(key) ?? 0) + f);
      }
    }
    let bestKey = -1;
    let bestCount = 0;
    for (const [key, c] of pairCounts) {
      if (c > bestCount || (c === bestCount && bestKey >= 0 && comparePairs(key, bestKey, symbols, SHIFT) < 0)) {
        bestKey = key;
        bestCount = c;
      }
    }
    if (bestKey < 0 || bestCount < minFrequency) break;
    const a = Math.floor(bestKey / SHIFT);
    const b = bestKey % SHIFT;
    const merged = intern(symbols[a] + symbols[b]);
    merges.push([symbols[a], symbols[b]]);
    for (const w of words) {
      for (let j = 0; j + 1 < w.length; j++) {
        if (w[j] === a && w[j + 1] === b) w.splice(j, 2, merged);
      }
    }
  }

  const vocab = new Map<string, number>();
  for (const tok of opts.specialTokens) vocab.set(tok, vocab.size);
  for (const ch of base) vocab.set(ch, vocab.size);
  for (const [a, b] of merges) if (!vocab.has(a + b)) vocab.set(a + b, vocab.size);
  return { vocab, merges, specialTokens: [...opts.specialTokens] };
}

function comparePairs(x: number, y: number, symbols: string[], shift: number): number {
  const xa = symbols[Math.floor(x / shift)];
  const ya = symbols[Math.floor(y / shift)];
  if (xa !== ya) return xa < ya ? -1 : 1;
  const xb = symbols[x % shift];
  const yb = symbols[y % shift];
  return xb === yb ? 0 : xb < yb ? -1 : 1;
}

/** The Hugging Face `tokenizer.json` for a trained BPE (the same layout as SmolLM2's). */
export function toTokenizerJson(bpe: TrainedBpe): Record<string, unknown> {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: bpe.specialTokens.map((content) => ({
      id: bpe.vocab.get(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Digits', individual_digits: true },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
      ],
    },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: Object.fromEntries(bpe.vocab),
      merges: bpe.merges.map(([a, b]) => `${a} ${b}`),
    },
  };
}

// A tokenizer-free token estimate for reports and file metadata when no real tokenizer is given:
// about four characters per token for English (the common rule of thumb for BPE vocabularies).

export const approxTokenCount = (text: string): number => Math.ceil(text.length / 4);

import { describe, expect, it } from 'vitest';
import { filesFromAddress } from './address';
import { InvalidModelAddressError } from './errors';

describe('filesFromAddress', () => {
  it('routes bundled names, repository ids and hub URLs', () => {
    expect(filesFromAddress('bundled:smollm2-135m').location).toBe('bundled:smollm2-135m');
    expect(filesFromAddress(' HuggingFaceTB/SmolLM2-135M-Instruct ').location).toBe('https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct@main');
    expect(filesFromAddress('https://hf-mirror.com/Qwen/Qwen3-0.6B/tree/v2').location).toBe('https://hf-mirror.com/Qwen/Qwen3-0.6B@v2');
  });

  it('names an address that is neither', () => {
    expect(() => filesFromAddress('C:\\models\\smol')).toThrow(InvalidModelAddressError);
    expect(() => filesFromAddress('file:///models/a/b')).toThrow(/not an http\(s\) URL/);
    expect(() => filesFromAddress('smol')).toThrow(/neither a repository id .* nor a URL/);
  });
});

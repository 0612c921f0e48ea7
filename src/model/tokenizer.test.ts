import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ModelFileFormatError, ModelFileMissingError } from './errors';
import type { ModelFiles } from './files';
import { nodeFolderFiles } from './sources/nodeFolder';
import { ChatTemplateError, loadTokenizer } from './tokenizer';

const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url).pathname;
const SMOLLM2 = `${FIXTURES}tokenizers/smollm2-135m-instruct`;
const KNOWN = `${FIXTURES}tokenizers/known-ids/ggml-vocab-smollm.gguf`;

/** llama.cpp's test-tokenizer-0 format: each string followed by "\n__ggml_vocab_test__\n"; one id line per string. */
function knownCases(): { text: string; ids: number[] }[] {
  const sep = '\n__ggml_vocab_test__\n';
  const raw = readFileSync(`${KNOWN}.inp`, 'utf8');
  expect(raw.endsWith(sep)).toBe(true);
  const texts = raw.slice(0, -sep.length).split(sep);
  const lines = readFileSync(`${KNOWN}.out`, 'utf8').split('\n');
  expect(lines.at(-1)).toBe('');
  lines.pop();
  expect(lines.length).toBe(texts.length);
  return texts.map((text, i) => ({ text, ids: lines[i].trim() === '' ? [] : lines[i].trim().split(' ').map(Number) }));
}

/** A model folder held in memory: each test writes only the files it needs. */
function memFiles(entries: Record<string, string>): ModelFiles {
  const enc = new TextEncoder();
  return {
    location: 'mem:test',
    has: (name) => Promise.resolve(name in entries),
    read: (name) =>
      name in entries ? Promise.resolve(enc.encode(entries[name])) : Promise.reject(new ModelFileMissingError(`mem:test/${name} missing`, { file: name })),
  };
}

const tinyTokenizerJson = readFileSync(`${FIXTURES}models/tiny-llama-f32/tokenizer.json`, 'utf8');

describe('loadTokenizer: SmolLM2', () => {
  it('reproduces every id list of llama.cpp known-ids (smollm), with no specials added', async () => {
    const tok = await loadTokenizer(nodeFolderFiles(SMOLLM2));
    const cases = knownCases();
    expect(cases.length).toBe(46);
    for (const c of cases) expect({ text: c.text, ids: tok.encode(c.text, { addSpecialTokens: false }) }).toEqual(c);
    expect(cases.some((c) => c.text === '\n\n' && c.ids.length === 1)).toBe(true);
  });

  it('splits every Unicode number (Rust char::is_numeric), as the Digits pre-tokenizer does', async () => {
    const tok = await loadTokenizer(nodeFolderFiles(SMOLLM2));
    const ids = tok.encode('ied 4 ½ months', { addSpecialTokens: false });
    expect(ids).toEqual([885, 216, 36, 216, 16738, 2704]);
  });

  it('reproduces the ember cases, recognizing special tokens in the text', async () => {
    const tok = await loadTokenizer(nodeFolderFiles(SMOLLM2));
    const { cases } = JSON.parse(readFileSync(`${SMOLLM2}/smollm2_known_ids_subset_from_ember.json`, 'utf8')) as { cases: { text: string; ids: number[] }[] };
    expect(cases.length).toBe(8);
    for (const c of cases) expect(tok.encode(c.text, { addSpecialTokens: false })).toEqual(c.ids);
  });

  it('knows its special ids and vocabulary size and round-trips text', async () => {
    const tok = await loadTokenizer(nodeFolderFiles(SMOLLM2));
    expect(tok.eosTokenIds).toEqual([2]);
    expect(tok.bosTokenId).toBe(1);
    expect(tok.padTokenId).toBe(2);
    expect(tok.vocabSize).toBe(49152);
    const text = 'Grüße, 世界! x² = 3.14\n\tdone';
    expect(tok.decode(tok.encode(text))).toBe(text);
    const chat = [1, 4093, 198, 26843, 17, 2];
    expect(tok.decode(chat)).toBe('<|im_start|>user\nHi!<|im_end|>');
    expect(tok.decode(chat, { skipSpecialTokens: true })).toBe('user\nHi!');
  });

  it('renders the official chat template with its default system turn', async () => {
    const tok = await loadTokenizer(nodeFolderFiles(SMOLLM2));
    const prompt = tok.applyChatTemplate([{ role: 'user', content: 'Hi!' }], { addGenerationPrompt: true });
    expect(prompt).toBe(
      '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n' +
        '<|im_start|>user\nHi!<|im_end|>\n<|im_start|>assistant\n',
    );
    const withSystem = tok.applyChatTemplate(
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi!' },
      ],
      { addGenerationPrompt: false },
    );
    expect(withSystem).toBe('<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi!<|im_end|>\n');
    expect(tok.encode(withSystem, { addSpecialTokens: false }).slice(0, 2)).toEqual([1, 9690]);
  });
});

describe('loadTokenizer: tiny fixture models', () => {
  for (const name of ['tiny-llama-f32', 'tiny-qwen2-bf16']) {
    it(`${name}: special ids, round trip and chat template`, async () => {
      const tok = await loadTokenizer(nodeFolderFiles(`${FIXTURES}models/${name}`));
      expect(tok.eosTokenIds).toEqual([2]);
      expect(tok.padTokenId).toBe(0);
      expect(tok.bosTokenId).toBeUndefined();
      expect(tok.vocabSize).toBe(320);
      const text = 'the cat sat on the mat';
      const ids = tok.encode(text);
      expect(ids.every((id) => id >= 3 && id < 320)).toBe(true);
      expect(tok.decode(ids)).toBe(text);
      const prompt = tok.applyChatTemplate([{ role: 'user', content: 'hi' }], { addGenerationPrompt: true });
      expect(prompt).toBe('<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n');
      const promptIds = tok.encode(prompt, { addSpecialTokens: false });
      expect(promptIds[0]).toBe(1);
      expect(promptIds.filter((id) => id === 2)).toHaveLength(1);
      expect(tok.decode(promptIds)).toBe(prompt);
    });
  }
});

describe('loadTokenizer: bad input', () => {
  it('names a missing tokenizer.json', async () => {
    await expect(loadTokenizer(memFiles({ 'tokenizer_config.json': '{}' }))).rejects.toThrow(ModelFileMissingError);
    await expect(loadTokenizer(memFiles({}))).rejects.toThrow(/has no tokenizer\.json/);
  });

  it('names malformed JSON and a file that is not a tokenizer', async () => {
    await expect(loadTokenizer(memFiles({ 'tokenizer.json': '{"model": ' }))).rejects.toThrow(ModelFileFormatError);
    await expect(loadTokenizer(memFiles({ 'tokenizer.json': tinyTokenizerJson, 'tokenizer_config.json': '[1,' }))).rejects.toThrow(/tokenizer_config\.json is not valid JSON/);
    await expect(loadTokenizer(memFiles({ 'tokenizer.json': '{"version": "1.0"}' }))).rejects.toThrow(/no "model" object/);
    await expect(loadTokenizer(memFiles({ 'tokenizer.json': tinyTokenizerJson, 'tokenizer_config.json': '[]' }))).rejects.toThrow(/not a JSON object/);
  });

  it('names a special token that is not in the vocabulary', async () => {
    const files = memFiles({ 'tokenizer.json': tinyTokenizerJson, 'tokenizer_config.json': '{"eos_token": "</s>"}' });
    await expect(loadTokenizer(files)).rejects.toThrow(/eos_token "<\/s>" is not in tokenizer\.json/);
  });

  it('names a missing, unparsable or failing chat template', async () => {
    const none = await loadTokenizer(memFiles({ 'tokenizer.json': tinyTokenizerJson }));
    expect(() => none.applyChatTemplate([], { addGenerationPrompt: true })).toThrow(ChatTemplateError);
    const broken = await loadTokenizer(memFiles({ 'tokenizer.json': tinyTokenizerJson, 'tokenizer_config.json': JSON.stringify({ chat_template: '{% for m in messages %}' }) }));
    expect(() => broken.applyChatTemplate([{ role: 'user', content: 'x' }], { addGenerationPrompt: true })).toThrow(/does not parse/);
    const raising = await loadTokenizer(
      memFiles({ 'tokenizer.json': tinyTokenizerJson, 'tokenizer_config.json': JSON.stringify({ chat_template: "{{ raise_exception('roles must alternate') }}" }) }),
    );
    expect(() => raising.applyChatTemplate([{ role: 'user', content: 'x' }], { addGenerationPrompt: true })).toThrow(/failed to render.*roles must alternate/);
  });

  it('picks a named template from a list and names an unknown one', async () => {
    const config = { chat_template: [{ name: 'default', template: 'D{{ messages|length }}' }, { name: 'tool_use', template: 'T' }] };
    const tok = await loadTokenizer(memFiles({ 'tokenizer.json': tinyTokenizerJson, 'tokenizer_config.json': JSON.stringify(config) }));
    expect(tok.applyChatTemplate([{ role: 'user', content: 'x' }], { addGenerationPrompt: false })).toBe('D1');
    expect(tok.applyChatTemplate([], { addGenerationPrompt: false, templateName: 'tool_use' })).toBe('T');
    expect(() => tok.applyChatTemplate([], { addGenerationPrompt: false, templateName: 'rag' })).toThrow(/no chat template named "rag" \(it has: default, tool_use\)/);
  });

  it('prefers chat_template.jinja and merges generation_config eos ids', async () => {
    const tok = await loadTokenizer(
      memFiles({
        'tokenizer.json': tinyTokenizerJson,
        'tokenizer_config.json': '{"eos_token": "<|im_end|>", "chat_template": "old"}',
        'chat_template.jinja': 'new{{ eos_token }}',
        'generation_config.json': '{"eos_token_id": [0, 2]}',
      }),
    );
    expect(tok.applyChatTemplate([], { addGenerationPrompt: false })).toBe('new<|im_end|>');
    expect(tok.eosTokenIds).toEqual([2, 0]);
  });
});

// The committed bundled model: every file matches manifest.json, it fits the size budget, and it loads
// and generates through the same engine path as any Hugging Face model.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { parseExtractor } from '../agents/extractor/parse';
import { AGENTS } from '../agents/registry';
import { renderPrompt } from '../agents/template';
import { renderTurn } from '../env/chunk';
import { historyFor } from '../env/mdp';
import { Engine } from '../model/engine';
import { parseManifest } from '../model/sources/bundled';
import { nodeFolderFiles } from '../model/sources/nodeFolder';
import { loadTokenizer } from '../model/tokenizer';
import { tokenizerCodec } from '../rl/codec';
import { evalWorld, type LabWorldKind } from './corpus';
import { sha256Hex } from './manifest';

const REQUIRED = ['README.md', 'config.json', 'generation_config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json'];
const BUNDLED: { name: string; world: LabWorldKind }[] = [
  { name: 'comam-tiny', world: 'persona' },
  { name: 'comam-lesson', world: 'lesson' },
  { name: 'comam-lesson-restated', world: 'lesson-restated' },
  { name: 'comam-lesson-varied', world: 'lesson-restated' },
  { name: 'comam-lesson-sessions', world: 'lesson-restated-sessions' },
];

describe.each(BUNDLED)('bundled $name', ({ name, world }) => {
  const DIR = join(process.cwd(), 'public', 'models', name);
  const manifest = parseManifest(JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')), 'manifest.json');

  it('lists every HF file, and each file has the size and sha256 the manifest records', () => {
    expect([...manifest.keys()].sort()).toEqual(REQUIRED);
    let total = statSync(join(DIR, 'manifest.json')).size;
    for (const [path, expected] of manifest) {
      const bytes = readFileSync(join(DIR, path));
      expect(bytes.byteLength, path).toBe(expected.size);
      expect(sha256Hex(bytes), path).toBe(expected.sha256);
      total += bytes.byteLength;
    }
    expect(total).toBeLessThanOrEqual(10 * 1024 * 1024);
  });

  it('is a tiny tied-embedding Llama with a ChatML template', async () => {
    const config = JSON.parse(readFileSync(join(DIR, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config.architectures).toEqual(['LlamaForCausalLM']);
    expect(config.tie_word_embeddings).toBe(true);
    const tok = await loadTokenizer(nodeFolderFiles(DIR));
    expect(tok.applyChatTemplate([{ role: 'user', content: 'hi' }], { addGenerationPrompt: true })).toBe('<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n');
    expect(tok.eosTokenIds).toEqual([2]);
  });

  it('loads through Engine + nodeFolderFiles and greedily writes a parseable extractor memory of a held-out session', async () => {
    await tf.setBackend('cpu');
    const files = nodeFolderFiles(DIR);
    const engine = await Engine.load(files);
    const codec = tokenizerCodec(await loadTokenizer(files));
    // A session of a held-out world, shaped like the model's training sessions (it was never trained on it).
    const held = evalWorld(1, world);
    const question = held.questions[3];
    const context = held.contexts.find((c) => c.id === question?.contextId);
    if (!question || !context) throw new Error('held-out world 1 has no fourth question');
    const history = historyFor(context, question, 'train');
    const prompt = renderPrompt(AGENTS.extractor.prompt, { history: history.map(renderTurn).join('\n') });
    const [gen] = await engine.generate([codec.encode(prompt)], { temperature: 0, maxTokens: 96, stopTokens: codec.stopTokens });
    engine.dispose();
    expect(gen.ids.length).toBeGreaterThan(0);
    const memory = parseExtractor(codec.decode(gen.ids));
    expect(memory.formatOk, codec.decode(gen.ids)).toBe(true);
    expect(memory.value.length).toBeGreaterThan(0);
    if (world !== 'persona') {
      // The lesson model copies: most of its notes are the history's own user turns, word for word.
      const said = new Set(history.filter((t) => t.role === 'user').map((t) => t.content.replace(/[.!?]+$/, '')));
      const copied = memory.value.filter((line) => said.has(line));
      expect(copied.length / memory.value.length, codec.decode(gen.ids)).toBeGreaterThanOrEqual(0.5);
    }
  });
});

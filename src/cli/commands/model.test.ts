import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, maxAbsDiff, pagedGolden, reference } from '../../model/testing/fixtures';
import { bufferIo } from '../io';
import { main } from '../main';

const llama = join(FIXTURES, 'tiny-llama-f32');

async function run(args: string[]) {
  const io = bufferIo();
  const code = await main(args, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('comam-lab model', () => {
  const ref = reference('tiny-llama-f32');
  const ids = ref.input_ids[0] ?? [];

  it('score --json prints [T][V] logits and [T-1] next-token log-probs matching the reference', async () => {
    const r = await run(['model', 'score', '--model', llama, '--ids', ids.join(','), '--backend', 'cpu', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { logits: number[][]; next_token_logprobs: number[] };
    expect(out.logits).toHaveLength(ids.length);
    expect(maxAbsDiff(out.logits.flat(), ref.logits[0]?.flat() ?? [])).toBeLessThan(1e-4);
    expect(maxAbsDiff(out.next_token_logprobs, ref.log_softmax_of_next_token[0] ?? [])).toBeLessThan(1e-4);
  });

  it('score with --adapter matches logits_with_adapter; a folder with one other .safetensors file loads', async () => {
    const r = await run(['model', 'score', '--model', llama, '--ids', ids.join(','), '--adapter', join(llama, 'adapter'), '--json']);
    expect(maxAbsDiff((JSON.parse(r.out) as { logits: number[][] }).logits.flat(), ref.logits_with_adapter[0]?.flat() ?? [])).toBeLessThan(1e-4);
    const golden = pagedGolden();
    const p = await run(['model', 'score', '--model', join(FIXTURES, 'paged-infer-tiny-llama'), '--ids', golden.tokens.join(','), '--json']);
    expect(maxAbsDiff((JSON.parse(p.out) as { logits: number[][] }).logits.flat(), golden.logits.flat())).toBeLessThan(1e-4);
  });

  it('generate --temperature 0 is greedy and reproduces the reference continuation', async () => {
    const n = ref.greedy.continuation.length;
    const r = await run(['model', 'generate', '--model', llama, '--ids', ref.greedy.prompt.join(','), '--temperature', '0', '--max-tokens', String(n), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { ids: number[] };
    const stop = out.ids.indexOf(2);
    expect(out.ids).toEqual(stop >= 0 ? ref.greedy.continuation.slice(0, stop + 1) : ref.greedy.continuation);
  });

  it('generate --prompt encodes with the model tokenizer and decodes the new ids to text', async () => {
    const { loadTokenizer } = await import('../../model/tokenizer');
    const { nodeFolderFiles } = await import('../../model/sources/nodeFolder');
    const tok = await loadTokenizer(nodeFolderFiles(llama));
    const prompt = 'hello world';
    const r = await run(['model', 'generate', '--model', llama, '--prompt', prompt, '--temperature', '0', '--max-tokens', '6', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { ids: number[]; text: string };
    const byIds = JSON.parse((await run(['model', 'generate', '--model', llama, '--ids', tok.encode(prompt).join(','), '--temperature', '0', '--max-tokens', '6', '--json'])).out) as { ids: number[] };
    expect(out.ids).toEqual(byIds.ids);
    expect(out.ids.length).toBeGreaterThan(0);
    expect(out.text).toBe(tok.decode(out.ids, { skipSpecialTokens: true }));
    const chat = await run(['model', 'generate', '--model', llama, '--prompt', prompt, '--chat', '--temperature', '0', '--max-tokens', '3', '--json']);
    expect(chat.code).toBe(0);
    expect((await run(['model', 'generate', '--model', llama, '--prompt', 'x', '--ids', '1'])).err).toMatch(/exactly one of --prompt/);
  });

  it('generate with a seed is reproducible', async () => {
    const args = ['model', 'generate', '--model', llama, '--ids', '5,6,7', '--seed', '4', '--temperature', '1', '--top-p', '0.9', '--max-tokens', '10', '--json'];
    const a = await run(args);
    expect(a.code).toBe(0);
    expect((await run(args)).out).toBe(a.out);
  });

  it('--precision int8/int4 loads a quantized base, reports its weight memory, and scores close to float32', async () => {
    const f32 = JSON.parse((await run(['model', 'score', '--model', llama, '--ids', ids.join(','), '--json'])).out) as { logits: number[][]; weight_bytes: number; precision: string };
    expect(f32.precision).toBe('f32');
    for (const precision of ['int8', 'int4']) {
      const r = await run(['model', 'score', '--model', llama, '--ids', ids.join(','), '--precision', precision, '--json']);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.out) as { logits: number[][]; weight_bytes: number; f32_weight_bytes: number; precision: string };
      expect(out.precision).toBe(precision);
      expect(out.f32_weight_bytes).toBe(f32.weight_bytes);
      expect(out.weight_bytes).toBeLessThan(f32.weight_bytes / 2);
      const diff = maxAbsDiff(out.logits.flat(), f32.logits.flat());
      expect(diff).toBeGreaterThan(0);
      expect(diff).toBeLessThan(precision === 'int8' ? 1 : 10);
    }
    const gen = await run(['model', 'generate', '--model', llama, '--ids', '5,6,7', '--temperature', '0', '--max-tokens', '4', '--precision', 'int4']);
    expect(gen.out).toMatch(/int4 weights [\d.]+ MiB \([\d.]+% of float32\)/);
    const bad = await run(['model', 'score', '--model', llama, '--ids', '1,2', '--precision', 'fp16']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/QuantizationError: Precision "fp16" is not supported; use one of f32, int8, int4/);
  });

  it('bad input exits 1 with a named error', async () => {
    const bad = await run(['model', 'score', '--model', llama, '--ids', '1,x', '--json']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/EngineInputError: --ids item 2 \("x"\)/);
    const range = await run(['model', 'score', '--model', llama, '--ids', '1,999', '--json']);
    expect(range.err).toMatch(/Token id 999 .* outside the vocabulary \[0, 320\)/);
    const missing = await run(['model', 'score', '--model', '/nonexistent', '--ids', '1']);
    expect(missing.err).toMatch(/ModelFileMissingError/);
    expect((await run(['model', 'frob'])).err).toMatch(/unknown subcommand "frob"/);
  });
});

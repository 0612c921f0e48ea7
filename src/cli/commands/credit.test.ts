import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferIo } from '../io';
import { main } from '../main';

const dir = mkdtempSync(join(tmpdir(), 'comam-credit-'));
const file = (name: string, content: string) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('comam-lab credit', () => {
  it('prints ndcg, weights, integrated rewards and advantages as JSON', async () => {
    const p = file('g.json', JSON.stringify({ local: { extractor: [1, 0, 0.5], profiler: [0, 1, 0.5], retriever: [1, 0, 0] }, global: [1, 0, 0], mode: 'equal' }));
    const io = bufferIo();
    expect(await main(['credit', p], io)).toBe(0);
    const out = JSON.parse(io.stdout()) as { ndcg: Record<string, number>; weights: Record<string, number>; integrated: Record<string, number[]>; advantages: Record<string, number[]> };
    expect(out.ndcg.extractor).toBe(1);
    expect(out.weights).toEqual({ extractor: 1 / 3, profiler: 1 / 3, retriever: 1 / 3 });
    expect(out.integrated.profiler).toEqual([1 / 3, 1, 0.5]);
    for (const n of ['extractor', 'profiler', 'retriever']) expect(out.advantages[n]).toHaveLength(3);
  });
  it('exits 1 on a malformed file with a message naming the field', async () => {
    const p = file('bad.json', JSON.stringify({ local: { extractor: [1], profiler: ['x'], retriever: [1] }, global: [1] }));
    const io = bufferIo();
    expect(await main(['credit', p], io)).toBe(1);
    expect(io.stderr()).toMatch(/CreditInputError: Field "local\.profiler\[0\]"/);
  });
  it('exits 1 on invalid JSON and on a missing file', async () => {
    const io = bufferIo();
    expect(await main(['credit', file('broken.json', '{"local":')], io)).toBe(1);
    expect(io.stderr()).toMatch(/is not valid JSON/);
    const io2 = bufferIo();
    expect(await main(['credit', join(dir, 'nope.json')], io2)).toBe(1);
    expect(io2.stderr()).toMatch(/Cannot read .*nope\.json/);
  });
  it('exits 2 without exactly one file', async () => {
    const io = bufferIo();
    expect(await main(['credit'], io)).toBe(2);
    expect(io.stderr()).toMatch(/exactly one GROUP\.json/);
  });
});

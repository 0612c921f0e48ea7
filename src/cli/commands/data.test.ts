import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextsFor, FIXTURE_QUESTIONS } from '../../env/testSupport';
import { bufferIo } from '../io';
import { main } from '../main';
import { GENERATED_FILES } from './data';

const tmp = () => mkdtempSync(join(tmpdir(), 'comam-data-'));

async function run(...argv: string[]) {
  const io = bufferIo();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

const read = (dir: string) => readFileSync(join(dir, GENERATED_FILES.questions), 'utf8') + readFileSync(join(dir, GENERATED_FILES.contexts), 'utf8');

describe('comam-lab data generate', () => {
  it('writes identical files for the same seed and different files for another, which inspect accepts', async () => {
    const [a, b, c] = [tmp(), tmp(), tmp()];
    expect((await run('data', 'generate', '--seed', '42', '--preset', 'tiny', '--out', a)).code).toBe(0);
    expect((await run('data', 'generate', '--seed', '42', '--preset', 'tiny', '--out', b)).code).toBe(0);
    expect((await run('data', 'generate', '--seed', '43', '--preset', 'tiny', '--out', c)).code).toBe(0);
    expect(read(a)).toBe(read(b));
    expect(read(a)).not.toBe(read(c));
    const inspected = await run('data', 'inspect', join(a, GENERATED_FILES.questions), join(a, GENERATED_FILES.contexts), '--json');
    expect(inspected.code).toBe(0);
    const stats = JSON.parse(inspected.out) as { approximateEvidence: number; personas: number; byType: Record<string, number> };
    expect(stats.approximateEvidence).toBe(0);
    expect(stats.personas).toBe(2);
    expect(Object.values(stats.byType).every((n) => n > 0)).toBe(true);
  });
  it('exits 1 naming a bad knob', async () => {
    const r = await run('data', 'generate', '--seed', '1', '--personas', '0', '--out', tmp());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/WorldConfigError: personas = 0 is out of range/);
  });
});

describe('comam-lab data inspect', () => {
  const dir = tmp();
  const csv = readFileSync(FIXTURE_QUESTIONS, 'utf8');
  const jsonl = join(dir, 'shared_contexts_32k.jsonl');
  writeFileSync(jsonl, contextsFor(csv));

  it('reports the real 32k questions: per-type counts, personas, contexts, turns and exact tokens', async () => {
    const r = await run('data', 'inspect', FIXTURE_QUESTIONS, jsonl, '--tokenizer', '../shared/fixtures/tokenizers/smollm2-135m-instruct');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^589 valid questions, 20 personas, 37 contexts used \(37 in the file\)/);
    expect(r.out).toMatch(/recall_user_shared_facts\s+146/);
    expect(r.out).toMatch(/track_full_preference_evolution\s+139/);
    expect(r.out).toMatch(/History a question sees, turns:\s+min \d+, median \d+, max 237/);
    expect(r.out).toMatch(/tokens by .*tokenizer\.json/);
  });
  it('exits 1 with the row and column of every invalid row', async () => {
    const lines = csv.split('\n');
    lines[1] = lines[1].replace(',(c),', ',(z),');
    lines[5] = lines[5].replace(/,(\d+)$/, ',9999');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, lines.join('\n'));
    const r = await run('data', 'inspect', bad, jsonl);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^587 valid questions/);
    expect(r.err).toMatch(/2 invalid rows/);
    expect(r.err).toMatch(/bad\.csv, row 2, column "correct_answer"/);
    expect(r.err).toMatch(/bad\.csv, row 6, column "end_index_in_shared_context"/);
  });
});

import { describe, expect, it } from 'vitest';
import { classifyFiles } from './classifyFiles';

const f = (name: string) => new File(['x'], name);

describe('classifyFiles', () => {
  it('recognizes PersonaMem v1 and v2 file sets', () => {
    expect(classifyFiles([f('shared_contexts_32k.jsonl'), f('questions_32k.csv')])).toMatchObject({ ok: true, files: { format: 'personamem-v1' } });
    expect(classifyFiles([f('benchmark.csv'), f('a.json'), f('b.JSON')])).toMatchObject({ ok: true, files: { format: 'personamem-v2', histories: [{ name: 'a.json' }, { name: 'b.JSON' }] } });
  });
  it('says what is wrong with other sets', () => {
    const problem = (names: string[]) => {
      const r = classifyFiles(names.map(f));
      return r.ok ? 'accepted' : r.problem;
    };
    expect(problem(['questions.csv'])).toMatch(/Add the contexts/);
    expect(problem(['a.csv', 'b.csv', 'c.jsonl'])).toMatch(/exactly one questions CSV \(got 2\)/);
    expect(problem(['notes.txt'])).toMatch(/Not a dataset file: notes\.txt/);
  });
});

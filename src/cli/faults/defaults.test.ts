// Faults of the defaults: a config of `{}` runs a training step as it is (before, the Retriever's prompt
// did not fit beside TRL's 256-token completions on the bundled model). Its own file, so it runs beside the others.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './testkit';

describe('faults: the defaults', { timeout: 240_000 }, () => {
  it('the defaults run as they are: train --config {} does a step', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.json'), '{}');
    const r = await cli(['train', '--config', join(dir, 'empty.json'), '--steps', '1', '--quiet', '--out', join(dir, 'run')]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'done', steps: 1 });
  });
});

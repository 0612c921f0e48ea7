import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('plain-Node loaders (bin/register-loaders.mjs)', () => {
  it('let a TypeScript script in plain Node register tfjs gradients and take a gradient', () => {
    const root = process.cwd();
    // Inside the checkout (not node_modules), so the script resolves the project's packages as ESM.
    mkdirSync(join(root, '.test-results'), { recursive: true });
    const dir = mkdtempSync(join(root, '.test-results', 'grad-'));
    const script = join(dir, 'grad.ts');
    writeFileSync(
      script,
      `import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { enableGradients } from ${JSON.stringify(join(root, 'src/model/gradients.ts'))};
await tf.setBackend('cpu');
await enableGradients();
const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(x, x)));
console.log(JSON.stringify(Array.from(await g(tf.tensor1d([1, 2, 3])).data())));
`,
    );
    const out = execFileSync(process.execPath, ['--import', join(root, 'bin/register-loaders.mjs'), script], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(JSON.parse(out.trim().split('\n').pop() ?? '')).toEqual([2, 4, 6]);
  });
});

// The estimate's weight bytes equal what the engine really holds after loading the bundled model at
// each precision (cpu backend), so the setup panel's precision table shows the memory a load takes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRECISIONS } from './modelRef';
import { Engine } from './engine';
import { shapeFromConfig, weightBytes } from './memoryEstimate';
import { nodeFolderFiles } from './sources/nodeFolder';

const DIR = join(process.cwd(), 'public', 'models', 'comam-tiny');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('weightBytes against the engine', () => {
  for (const precision of PRECISIONS) {
    it(`comam-tiny at ${precision}: the estimate equals Engine.weightMemory().bytes`, async () => {
      const shape = shapeFromConfig(JSON.parse(readFileSync(join(DIR, 'config.json'), 'utf8')));
      const engine = await Engine.load(nodeFolderFiles(DIR), { precision });
      try {
        expect(weightBytes(shape, precision)).toBe(engine.weightMemory().bytes);
      } finally {
        engine.dispose();
      }
    });
  }
});

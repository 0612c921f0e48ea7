// The layer check itself, and src/ held to it: no import up the layers, no folder-level cycle.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderCycles, folderEdges, layerViolations, valueImports } from './check-layers.mjs';

const edges = (...keys: string[]) => new Map(keys.map((k) => [k, [`${k.split(' -> ')[0]}/x.ts imports ../${k.split(' -> ')[1]}/y`]]));

describe('the layer check', () => {
  it('reads value imports and skips type-only ones', () => {
    const text = [
      "import { a } from '../rl/credit';",
      "import type { B } from '../store/app';",
      "import { type C, type D } from '../ui/x';",
      "import { type E, f } from '../env/types';",
      "export { g } from './g';",
      "import './side-effect';",
      "import React from 'react';",
    ].join('\n');
    expect(valueImports(text)).toEqual(['../rl/credit', '../env/types', './g', './side-effect']);
  });

  it('flags an import up the layers and a folder the table does not name', () => {
    expect(layerViolations(edges('rl -> store', 'store -> rl', 'ui -> store', 'nowhere -> rl'))).toEqual([
      expect.stringMatching(/^nowhere -> rl: folder "nowhere" is not in scripts\/layers.mjs/),
      expect.stringMatching(/^rl -> store: core must not import store/),
    ]);
  });

  it('finds folder cycles, also within one layer', () => {
    expect(folderCycles(edges('labmodel -> rl', 'rl -> labmodel', 'rl -> env'))).toEqual([['labmodel', 'rl']]);
    expect(folderCycles(edges('export -> store', 'store -> homes', 'homes -> ui', 'ui -> export'))).toEqual([['export', 'homes', 'store', 'ui']]);
    expect(folderCycles(edges('ui -> store', 'store -> run', 'run -> rl'))).toEqual([]);
  });

  it('src/ keeps the layers and has no folder cycle', () => {
    const src = folderEdges(join(process.cwd(), 'src'));
    expect(src.size).toBeGreaterThan(20);
    expect(layerViolations(src)).toEqual([]);
    expect(folderCycles(src)).toEqual([]);
  });
});

// Determinism of the lab-model build: the shortened recipe, built twice from scratch into two folders,
// gives byte-identical files (the full build runs the same code with more steps).
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../model/sources/bundled';
import { buildLabModel } from './build';
import { QUICK_RECIPE } from './recipe';

describe('buildLabModel', () => {
  it('builds byte-identical files twice from the same recipe', { timeout: 240_000 }, async () => {
    await tf.setBackend('cpu');
    const a = mkdtempSync(join(tmpdir(), 'labmodel-a-'));
    const b = mkdtempSync(join(tmpdir(), 'labmodel-b-'));
    const report = await buildLabModel(QUICK_RECIPE, a);
    await buildLabModel(QUICK_RECIPE, b);
    const files = readdirSync(a).sort();
    expect(files).toEqual(readdirSync(b).sort());
    expect(files).toContain('model.safetensors');
    for (const f of files) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    const manifest = parseManifest(JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8')), 'manifest.json');
    expect(manifest.size).toBe(files.length - 1);
    expect(report.stages.map((s) => s.name)).toEqual(['pretrain', 'warm-start']);
    expect(report.evaluation.questions).toBe(QUICK_RECIPE.evalQuestions);
  });
});

// Determinism of the lab-model build: the shortened recipe, built twice from scratch into two folders,
// gives byte-identical files (the full build runs the same code with more steps).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
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

  it('resumes a stopped build from its checkpoint to the same bytes as a build that never stopped', { timeout: 240_000 }, async () => {
    await tf.setBackend('cpu');
    const whole = mkdtempSync(join(tmpdir(), 'labmodel-whole-'));
    const resumed = mkdtempSync(join(tmpdir(), 'labmodel-resumed-'));
    const dir = join(mkdtempSync(join(tmpdir(), 'labmodel-cp-')), 'checkpoint');
    await buildLabModel(QUICK_RECIPE, whole);
    // Stopped (as a kill would) right after the checkpoint in the warm start; then a fresh start resumes.
    const stop = (stage: string, step: number) => {
      if (stage === 'warm-start' && step === 2) throw new Error('stopped');
    };
    await expect(buildLabModel(QUICK_RECIPE, resumed, { checkpoint: { dir, every: 1 }, onCheckpoint: stop })).rejects.toThrow('stopped');
    expect(existsSync(join(dir, 'state.json'))).toBe(true);
    const lines: string[] = [];
    await buildLabModel(QUICK_RECIPE, resumed, { checkpoint: { dir, every: 1 }, log: (l) => lines.push(l) });
    expect(lines.some((l) => l.includes('stage warm-start, step 2'))).toBe(true);
    for (const f of readdirSync(whole)) expect(readFileSync(join(whole, f)).equals(readFileSync(join(resumed, f))), f).toBe(true);
    expect(existsSync(dir)).toBe(false);
    // A checkpoint of another recipe is refused by name, never silently restarted.
    await expect(buildLabModel(QUICK_RECIPE, resumed, { checkpoint: { dir, every: 1 }, onCheckpoint: () => { throw new Error('stopped'); } })).rejects.toThrow('stopped');
    await expect(buildLabModel({ ...QUICK_RECIPE, initSeed: 8 }, resumed, { checkpoint: { dir, every: 1 } })).rejects.toThrow(/written by another recipe/);
  });
});

// One GRPO update of three agents with LoRA on every projection of every layer of the fixture model:
// the same loss and gradient norm on wasm and WebGPU as on cpu, nothing skipped, every B moved.
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { AGENT_NAMES } from '../../agents/names';
import { initBackend } from '../../model/backend';
import { Engine } from '../../model/engine';
import { enableGradients } from '../../model/gradients';
import { installNodeWebGpu } from '../../model/node-webgpu';
import { nodeFolderFiles } from '../../model/sources/nodeFolder';
import { runUpdateCheck, type UpdateCheckReport } from './updateCheck';

const FIXTURE = join(process.cwd(), '..', 'shared', 'fixtures', 'models', 'tiny-llama-f32');
const VOCAB = 320;
const gpu = await installNodeWebGpu();

async function on(backend: 'cpu' | 'wasm' | 'webgpu'): Promise<UpdateCheckReport> {
  await initBackend(backend);
  await enableGradients();
  const engine = await Engine.load(nodeFolderFiles(FIXTURE));
  try {
    return await runUpdateCheck(engine, VOCAB);
  } finally {
    engine.dispose();
  }
}

function expectSame(got: UpdateCheckReport, ref: UpdateCheckReport): void {
  for (const n of AGENT_NAMES) {
    const g = got.agents[n];
    const r = ref.agents[n];
    expect(g.skipped, `${got.backend} ${n}: ${g.reason ?? ''}`).toBe(false);
    expect(Math.abs(g.loss - r.loss) / Math.max(Math.abs(r.loss), 1e-6), `${n} loss ${g.loss} vs ${r.loss}`).toBeLessThan(1e-3);
    expect(Math.abs(g.gradNorm - r.gradNorm) / r.gradNorm, `${n} grad norm ${g.gradNorm} vs ${r.gradNorm}`).toBeLessThan(1e-3);
    expect(g.changedB).toBe(g.totalB);
  }
}

describe('one GRPO update, LoRA on all 7 projections × 2 layers (28 gradients)', () => {
  let cpu: UpdateCheckReport;

  it('on cpu: every agent updates, every B moves', async () => {
    cpu = await on('cpu');
    for (const n of AGENT_NAMES) {
      expect(cpu.agents[n]).toMatchObject({ skipped: false, tensors: 28, totalB: 14, changedB: 14 });
      expect(cpu.agents[n].gradNorm).toBeGreaterThan(0);
    }
  });

  it('on wasm: the same losses and gradient norms', async () => {
    expectSame(await on('wasm'), cpu);
  });

  it.skipIf(!gpu.installed)('on WebGPU (Node, webgpu package): the same losses and gradient norms', { timeout: 300_000 }, async () => {
    expectSame(await on('webgpu'), cpu);
    tf.removeBackend('webgpu');
  });
});

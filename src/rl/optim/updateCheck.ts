// One GRPO update of the three agents on the active backend with fixed inputs (no sampling), for comparing
// backends: each agent's loss, gradient norm, whether it was skipped, and which LoRA tensors moved.
// The e2e runs it on WebGPU and wasm in Chromium; updateCheck.test.ts on cpu and wasm in Node.

import * as tf from '@tensorflow/tfjs-core';
import { AGENT_NAMES, type AgentName } from '../../agents/names';
import type { Engine } from '../../model/engine';
import { LORA_TARGETS, type LoraTarget } from '../../model/lora';
import { Rng } from '../../model/rng';
import { AdamW } from './adamw';
import { updateAgent, type UpdateRow } from './update';

export interface AgentUpdateCheck {
  loss: number;
  gradNorm: number;
  skipped: boolean;
  reason?: string;
  /** LoRA tensors whose values changed, and how many the adapter has. */
  changed: number;
  tensors: number;
  /** B matrices that changed, of all B (a fresh adapter's B is 0, so one step must move every B). */
  changedB: number;
  totalB: number;
}

export interface UpdateCheckReport {
  backend: string;
  targets: readonly LoraTarget[];
  agents: Record<AgentName, AgentUpdateCheck>;
}

/** G rows per agent from a seeded RNG: prompts of 5–8 tokens, completions of 3–5, advantages alternating ±(1 + row/4). */
export function checkRows(vocab: number, seed: number, g = 4): UpdateRow[] {
  const rng = new Rng(seed);
  const id = () => 3 + Math.floor(rng.next() * (vocab - 3));
  return Array.from({ length: g }, (_, r) => {
    const completionIds = Array.from({ length: 3 + (r % 3) }, id);
    return {
      promptIds: Array.from({ length: 5 + (r % 4) }, id),
      completionIds,
      oldLogprobs: completionIds.map(() => 0),
      advantage: (r % 2 === 0 ? 1 : -1) * (1 + r / 4),
    };
  });
}

/**
 * Give `engine` three fresh adapters (rank 4 on every projection of every layer), run one updateAgent per
 * agent on checkRows, and report. The adapters are removed afterwards.
 */
export async function runUpdateCheck(engine: Engine, vocab: number): Promise<UpdateCheckReport> {
  const targets = LORA_TARGETS;
  const agents = {} as Record<AgentName, AgentUpdateCheck>;
  for (const [k, n] of AGENT_NAMES.entries()) {
    const name = `check.${n}`;
    const adapter = engine.createAdapter(name, { rank: 4, alpha: 8, targets }, 11 + k);
    const vars = adapter.variables();
    const before = await Promise.all(vars.map((v) => v.data()));
    const optimizer = new AdamW(vars);
    try {
      const r = await updateAgent(engine, name, optimizer, checkRows(vocab, 100 + k), {
        grpo: { beta: 0.04, epsilonLow: 0.2, epsilonHigh: 0.2, lossType: 'dapo', maxCompletionLength: 8, numIterations: 1 },
        temperature: 1,
        learningRate: 0.01,
        maxGradNorm: 1,
      });
      const after = await Promise.all(vars.map((v) => v.data()));
      const moved = vars.map((_, i) => (after[i] ?? []).some((x, j) => x !== before[i]?.[j]));
      const isB = vars.map((v) => v.name.endsWith('.B'));
      agents[n] = {
        loss: r.loss,
        gradNorm: r.gradNorm,
        skipped: r.skipped,
        ...(r.reason ? { reason: r.reason } : {}),
        changed: moved.filter(Boolean).length,
        tensors: vars.length,
        changedB: moved.filter((m, i) => m && isB[i]).length,
        totalB: isB.filter(Boolean).length,
      };
    } finally {
      optimizer.dispose();
      engine.removeAdapter(name);
    }
  }
  return { backend: tf.getBackend(), targets, agents };
}

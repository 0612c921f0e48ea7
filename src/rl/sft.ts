// Cold-start SFT: supervised fine-tuning of one LoRA adapter per agent on teacher demonstrations,
// for any base model the engine loads; the optional stage before GRPO (as PersonaMem-v2 does).

import * as tf from '@tensorflow/tfjs-core';
import type { AgentName, PerAgent } from '../agents/names';
import { AGENT_NAMES } from '../agents/names';
import type { Engine } from '../model/engine';
import { enableGradients } from '../model/gradients';
import type { LoraSpec } from '../model/lora';
import { Rng } from '../model/rng';
import type { PromptCodec } from './codec';
import { SftInputError } from './errors';

/** One teacher demonstration: the rendered agent prompt (before the chat template) and the target output. */
export interface SftDemo {
  prompt: string;
  completion: string;
}

export interface SftSettings {
  /** Optimizer steps per agent. */
  steps: number;
  /** Demonstrations per step. */
  batchSize: number;
  /** Adam learning rate. */
  learningRate: number;
  /** The adapters to create when the engine does not have them yet. */
  lora: LoraSpec;
  /** Seeds the adapters' A matrices and the demonstration order. */
  seed: number;
  /** Longer prompt ‖ completion sequences are skipped (default 1024 tokens). */
  maxSequence?: number;
}

export interface SftProgress {
  agent: AgentName;
  step: number;
  steps: number;
  /** Mean negative log-likelihood per completion token of this step's batch. */
  loss: number;
}

export interface SftAgentReport {
  adapter: string;
  demos: number;
  skipped: number;
  firstLoss: number;
  lastLoss: number;
}

function checkSettings(s: SftSettings): void {
  const whole = (field: keyof SftSettings, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new SftInputError(`SFT ${field} must be a whole number ≥ 1, got ${v}.`, { field });
  };
  whole('steps', s.steps);
  whole('batchSize', s.batchSize);
  if (!(s.learningRate > 0) || !Number.isFinite(s.learningRate)) throw new SftInputError(`SFT learningRate must be positive, got ${s.learningRate}.`, { field: 'learningRate' });
}

/**
 * Fine-tune `adapters[agent]` (created with `settings.lora` if missing) on `demos[agent]` for every agent
 * with demonstrations: the prompt is encoded by `codec` (the chat template) exactly as the rollout
 * does, the loss is the mean NLL of the completion tokens and the end-of-turn token. Agents with no
 * demonstrations are left alone. Restores the engine's active adapter. Await-able in the browser worker
 * and under Vitest (it loads tfjs gradients); returns per-agent first/last batch losses.
 */
export async function coldStartSft(
  engine: Engine,
  codec: PromptCodec,
  demos: Partial<PerAgent<readonly SftDemo[]>>,
  adapters: PerAgent<string>,
  settings: SftSettings,
  onProgress?: (p: SftProgress) => void,
): Promise<Partial<PerAgent<SftAgentReport>>> {
  checkSettings(settings);
  await enableGradients();
  const stop = codec.stopTokens[0];
  if (stop === undefined) throw new SftInputError('The tokenizer has no end-of-turn token (eos_token); SFT needs one to end completions.', { field: 'eos_token' });
  // Never past the model's positions: the engine refuses longer sequences (ContextLengthError).
  const maxSequence = Math.min(settings.maxSequence ?? 1024, engine.config.maxPositionEmbeddings);
  const previous = engine.activeAdapter;
  const out: Partial<PerAgent<SftAgentReport>> = {};
  try {
    for (const [k, agent] of AGENT_NAMES.entries()) {
      const list = demos[agent] ?? [];
      if (list.length === 0) continue;
      const seqs: { ids: number[]; prompt: number }[] = [];
      let skipped = 0;
      for (const d of list) {
        const prompt = codec.encode(d.prompt);
        const ids = [...prompt, ...codec.encodeText(d.completion), stop];
        if (ids.length > maxSequence) skipped += 1;
        else seqs.push({ ids, prompt: prompt.length });
      }
      if (seqs.length === 0) throw new SftInputError(`Every ${agent} demonstration is longer than ${maxSequence} tokens; raise maxSequence or shorten them.`, { field: 'maxSequence' });
      const name = adapters[agent];
      if (!engine.adapterNames().includes(name)) engine.createAdapter(name, settings.lora, settings.seed + k);
      engine.setActiveAdapter(name);
      const variables = engine.adapter(name).variables();
      const optimizer = tf.train.adam(settings.learningRate);
      const rng = new Rng(settings.seed * 31 + k);
      const losses: number[] = [];
      try {
        for (let step = 0; step < settings.steps; step++) {
          const batch = Array.from({ length: settings.batchSize }, () => seqs[Math.floor(rng.next() * seqs.length)]);
          const width = Math.max(...batch.map((s) => s.ids.length));
          const ids = batch.map((s) => [...s.ids, ...Array<number>(width - s.ids.length).fill(0)]);
          const valid = batch.map((s) => [...Array<number>(s.ids.length).fill(1), ...Array<number>(width - s.ids.length).fill(0)]);
          // Column j of the log-probs scores token j+1: completion tokens sit at prompt … len−1.
          const maskRows = batch.map((s) => Array.from({ length: width - 1 }, (_, j): number => (j + 1 >= s.prompt && j + 1 < s.ids.length ? 1 : 0)));
          const count = maskRows.flat().reduce((a, b) => a + b, 0);
          const mask = tf.tensor2d(maskRows, [batch.length, width - 1]);
          const cost = optimizer.minimize(
            () => tf.div<tf.Scalar>(tf.neg(tf.sum(tf.mul(engine.tokenLogprobs({ ids, valid }), mask))), count),
            true,
            variables,
          );
          mask.dispose();
          const loss = cost ? (await cost.data())[0] : Number.NaN;
          cost?.dispose();
          losses.push(loss);
          onProgress?.({ agent, step: step + 1, steps: settings.steps, loss });
        }
      } finally {
        optimizer.dispose();
      }
      out[agent] = { adapter: name, demos: seqs.length, skipped, firstLoss: losses[0], lastLoss: losses[losses.length - 1] };
    }
  } finally {
    engine.setActiveAdapter(previous);
  }
  return out;
}

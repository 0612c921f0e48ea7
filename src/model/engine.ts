// The engine: one frozen base decoder, several named LoRA adapters (one active, or none = the base),
// full-sequence logits, differentiable token log-probs, and batched generation through the KV cache.

import * as tf from '@tensorflow/tfjs-core';
import { padBatch, sequenceBucket } from './buckets';
import { openCheckpoint } from './checkpoint';
import { parseModelConfig, type ModelConfig } from './config';
import { decoderHidden, lmHead, type DecoderBatch, type DecoderModel, type DecoderOptions } from './decoder';
import { AdapterError, ContextLengthError, EngineInputError } from './engineErrors';
import type { FileProgress, ModelFiles } from './files';
import { readJson } from './files';
import { KvCache } from './kvcache';
import { inverseFrequencies } from './layers/rope';
import { chunkedTokenLogprobs, type ChunkedLogprobOptions } from './logprobs';
import { createLoraAdapter, type LoraAdapter, type LoraLookup, type LoraSpec } from './lora';
import { loadPeftAdapter, savePeftAdapter } from './peft';
import { Rng } from './rng';
import { sampleToken, scoringTemperature, tokenLogprob, validateSampling, type SamplingOptions } from './sampling';
import type { Precision } from './quant/pack';
import { disposeDecoderWeights, loadDecoderWeights, weightMemory, type WeightMemory } from './weights';

export interface GenerateOptions extends SamplingOptions {
  /** New tokens per sequence at most (default 64). */
  maxTokens?: number;
  /** Token ids that end a sequence (kept as its last id). Default: config eos_token_id. */
  stopTokens?: readonly number[];
  /** Used when `rng` is not given (default 0). */
  seed?: number;
  /** A caller-owned RNG whose state advances; save/restore it with getState/setState. */
  rng?: Rng;
  /** Called after each decode step, e.g. to watch tf.memory(). */
  onStep?: (step: number) => void;
  /**
   * Also return each new token's log-prob under the full softmax at `temperature` (1 when greedy), before
   * top-k/top-p filtering: what a forward pass over prompt ‖ completion gives (`tokenLogprobs`), read off
   * the logits the decode step already has, so it costs no extra pass.
   */
  logprobs?: boolean;
}

export interface Generation {
  /** New ids only, including the stop token when one ended the sequence. */
  ids: number[];
  finish: 'stop' | 'length';
  /** With `logprobs`: log π(ids[j] | prompt, ids[<j]) at the sampling temperature. */
  logprobs?: number[];
}

export interface LoadOptions {
  /** Weights file when there is no sharded index (default model.safetensors). */
  weightsFile?: string;
  /** Byte progress of each weights file as the source reads it. */
  onProgress?: (p: FileProgress) => void;
  /**
   * The frozen base's precision (default f32): int8 per output channel or int4 in groups of 32,
   * quantized at load time; LoRA adapters stay float32. Only an f32 base matches the fixtures exactly.
   */
  precision?: Precision;
  /**
   * Pad every forward's time axis up to a bucket length (8, 16, 32, 64, then multiples of 64) so
   * shapes repeat across variable rollout lengths (default true). Padding is masked: results are the same.
   */
  bucketSequences?: boolean;
}

export class Engine {
  private readonly adapters = new Map<string, LoraAdapter>();
  private active: string | null = null;

  private constructor(
    private readonly model: DecoderModel,
    readonly precision: Precision,
    /** Whether forwards pad their time axis up to a bucket length (see LoadOptions.bucketSequences). */
    readonly bucketSequences: boolean,
  ) {}

  static async load(files: ModelFiles, opts: LoadOptions = {}): Promise<Engine> {
    const cfg = parseModelConfig(await readJson(files, 'config.json'));
    const ckpt = await openCheckpoint(files, opts.weightsFile, opts.onProgress);
    const precision = opts.precision ?? 'f32';
    const weights = loadDecoderWeights(ckpt, cfg, precision);
    return new Engine({ cfg, weights, invFreq: inverseFrequencies(cfg) }, precision, opts.bucketSequences ?? true);
  }

  get config(): ModelConfig {
    return this.model.cfg;
  }

  /** Device bytes of the base weights at this precision, and what they would take in float32. */
  weightMemory(): WeightMemory {
    return weightMemory(this.model.weights);
  }

  // ---- adapters ----

  /** A new adapter (B = 0, so it starts as the base), registered under its name. */
  createAdapter(name: string, spec: LoraSpec, seed: number): LoraAdapter {
    return this.addAdapter(createLoraAdapter(name, this.model.cfg, spec, seed));
  }

  async loadAdapter(name: string, files: ModelFiles): Promise<LoraAdapter> {
    return this.addAdapter(await loadPeftAdapter(files, name, this.model.cfg));
  }

  addAdapter(adapter: LoraAdapter): LoraAdapter {
    this.adapters.get(adapter.name)?.dispose();
    this.adapters.set(adapter.name, adapter);
    return adapter;
  }

  adapter(name: string): LoraAdapter {
    const a = this.adapters.get(name);
    if (!a) throw new AdapterError(`No adapter named "${name}"; loaded: ${[...this.adapters.keys()].join(', ') || 'none'}.`, { field: 'adapter' });
    return a;
  }

  adapterNames(): string[] {
    return [...this.adapters.keys()];
  }

  /** Select the adapter the next calls use; null = the frozen base (KL reference, judge). */
  setActiveAdapter(name: string | null): void {
    if (name !== null) this.adapter(name);
    this.active = name;
  }

  get activeAdapter(): string | null {
    return this.active;
  }

  removeAdapter(name: string): void {
    this.adapter(name).dispose();
    this.adapters.delete(name);
    if (this.active === name) this.active = null;
  }

  async saveAdapter(name: string, baseModel: string): Promise<Record<string, Uint8Array>> {
    return savePeftAdapter(this.adapter(name), baseModel);
  }

  private lora(): LoraLookup | undefined {
    return this.active === null ? undefined : this.adapter(this.active).lookup;
  }

  // ---- compute ----

  /** A sequence of `length` positions (prompt + new tokens) must fit the model's RoPE range. */
  private checkLength(length: number, newTokens = 0): void {
    const max = this.model.cfg.maxPositionEmbeddings;
    if (length + newTokens <= max) return;
    const what = newTokens > 0 ? `a ${length}-token prompt plus ${newTokens} new tokens needs ${length + newTokens}` : `the sequence needs ${length}`;
    throw new ContextLengthError(
      `The model has ${max} positions (max_position_embeddings) and ${what}. Shorten the prompt (fewer history turns or memory lines: lower maxPromptTokens) or generate fewer tokens (max_completion_length).`,
      { field: 'ids', length, newTokens, max },
    );
  }

  private check(batch: DecoderBatch): void {
    const t = batch.ids[0]?.length ?? 0;
    if (batch.ids.length === 0 || t === 0) throw new EngineInputError('The batch is empty.', { field: 'ids' });
    this.checkLength(t);
    const v = this.model.cfg.vocabSize;
    batch.ids.forEach((row, b) => {
      if (row.length !== t || batch.valid[b]?.length !== t) throw new EngineInputError(`Row ${b} of the batch is not ${t} long; pad every row.`, { field: 'ids', row: b });
      row.forEach((id, i) => {
        if (!Number.isInteger(id) || id < 0 || id >= v) throw new EngineInputError(`Token id ${id} at row ${b}, position ${i} is outside the vocabulary [0, ${v}).`, { field: 'ids', row: b, column: i });
      });
    });
  }

  /** The time axis a forward of t positions runs at. */
  private bucket(t: number): number {
    return this.bucketSequences ? sequenceBucket(t) : t;
  }

  /** Logits [B, T, V] for a padded batch (materialized: for scoring short sequences and tests). */
  logits(batch: DecoderBatch): tf.Tensor3D {
    this.check(batch);
    const t = batch.ids[0]?.length ?? 0;
    return tf.tidy(() => {
      const wide = decoderHidden(this.model, padBatch(batch, this.bucket(t), 'right'), undefined, this.lora()); // [B, Tb, H]
      const [b, , h] = wide.shape;
      const hidden = tf.slice(wide, [0, 0, 0], [b, t, h]); // [B, T, H]
      return tf.reshape(lmHead(this.model, tf.reshape(hidden, [b * t, h])), [b, t, this.model.cfg.vocabSize]); // [B, T, V]
    });
  }

  /**
   * [B, T-1]: log p(ids[t+1] | ids[..t]) under the active adapter, differentiable w.r.t. its LoRA
   * variables (await enableGradients() from ./gradients once, then call inside tf.variableGrads).
   * Positions whose target is padding hold garbage: mask them.
   */
  tokenLogprobs(batch: DecoderBatch, opts: ChunkedLogprobOptions & DecoderOptions = {}): tf.Tensor2D {
    this.check(batch);
    const t = batch.ids[0]?.length ?? 0;
    if (t < 2) throw new EngineInputError('Log-probs need sequences of at least 2 tokens.', { field: 'ids' });
    const wide = padBatch(batch, this.bucket(t), 'right');
    const tb = wide.ids[0]?.length ?? t;
    // The LM head runs over whole chunks up to the bucket (chunk shapes repeat too), not over every pad.
    const chunk = Math.max(1, opts.chunk ?? 32);
    const tc = this.bucketSequences ? Math.min(tb - 1, Math.ceil((t - 1) / chunk) * chunk) : t - 1;
    return tf.tidy(() => {
      const hidden = decoderHidden(this.model, wide, undefined, this.lora(), { recomputeLayers: opts.recomputeLayers }); // [B, Tb, H]
      const [b, , h] = hidden.shape;
      const context = tf.slice(hidden, [0, 0, 0], [b, tc, h]); // [B, Tc, H]
      const targets = wide.ids.map((row) => row.slice(1, tc + 1)); // [B][Tc]
      const { lmHead: head, lmHeadQuant } = this.model.weights;
      const lp = chunkedTokenLogprobs(context, lmHeadQuant ?? head, targets, { temperature: opts.temperature, chunk }); // [B, Tc]
      return tc === t - 1 ? lp : tf.slice(lp, [0, 0], [b, t - 1]); // [B, T-1]
    });
  }

  /** Sample continuations for G prompts of different lengths (left-padded into one KV-cached batch). */
  async generate(prompts: number[][], opts: GenerateOptions = {}): Promise<Generation[]> {
    validateSampling(opts);
    const maxTokens = opts.maxTokens ?? 64;
    if (!Number.isInteger(maxTokens) || maxTokens < 0) throw new EngineInputError(`max tokens must be a non-negative integer, got ${maxTokens}.`, { field: 'maxTokens' });
    if (prompts.some((p) => p.length === 0)) throw new EngineInputError('Every prompt needs at least one token.', { field: 'ids' });
    const stop = new Set(opts.stopTokens ?? this.model.cfg.eosTokenIds);
    const rng = opts.rng ?? new Rng(opts.seed ?? 0);
    const longest = Math.max(...prompts.map((p) => p.length));
    const width = this.bucket(longest);
    const batch: DecoderBatch = {
      ids: prompts.map((p) => [...Array<number>(width - p.length).fill(0), ...p]),
      valid: prompts.map((p) => [...Array<number>(width - p.length).fill(0), ...Array<number>(p.length).fill(1)]),
    };
    this.check(batch);
    // Positions count real tokens only (left padding takes none), so the longest prompt is what must fit.
    this.checkLength(longest, maxTokens);
    const out: Generation[] = prompts.map(() => ({ ids: [], finish: 'length', ...(opts.logprobs ? { logprobs: [] } : {}) }));
    const logprobTemperature = scoringTemperature(opts.temperature);
    const done = prompts.map(() => maxTokens === 0);
    const { numLayers, numKvHeads, headDim } = this.model.cfg;
    const cache = new KvCache(numLayers, prompts.length, { numKvHeads, headDim, capacity: width + maxTokens });
    const lora = this.lora();
    try {
      let step: DecoderBatch = batch;
      for (let s = 0; s < maxTokens && done.some((d) => !d); s++) {
        const last = tf.tidy(() => {
          const hidden = decoderHidden(this.model, step, cache, lora); // [G, T, H]
          const [g, t, h] = hidden.shape;
          const final = tf.reshape<tf.Rank.R2>(tf.slice(hidden, [0, t - 1, 0], [g, 1, h]), [g, h]); // [G, H]
          return lmHead(this.model, final); // [G, V]
        });
        const logits = (await last.data()) as Float32Array;
        last.dispose();
        const v = this.model.cfg.vocabSize;
        const next = prompts.map((_, g) => {
          if (done[g]) return 0;
          const row = logits.subarray(g * v, (g + 1) * v);
          const id = sampleToken(row, opts, rng);
          const gen = out[g];
          if (!gen) return 0;
          gen.ids.push(id);
          gen.logprobs?.push(tokenLogprob(row, id, logprobTemperature));
          if (stop.has(id)) {
            gen.finish = 'stop';
            done[g] = true;
          } else if (gen.ids.length >= maxTokens) done[g] = true;
          return id;
        });
        step = { ids: next.map((id) => [id]), valid: done.map((d) => [d ? 0 : 1]) };
        opts.onStep?.(s);
      }
    } finally {
      cache.dispose();
    }
    return out;
  }

  dispose(): void {
    for (const a of this.adapters.values()) a.dispose();
    this.adapters.clear();
    disposeDecoderWeights(this.model.weights);
  }
}

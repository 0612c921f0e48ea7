// The WebLLM judge: a prebuilt small instruct model (no shader-f16 needed) in its own worker through
// WebWorkerMLCEngine rates a profile 0–10 against the history; a start failure is a named error.

import { CreateWebWorkerMLCEngine, type WebWorkerMLCEngine } from '@mlc-ai/web-llm';
import { renderPrompt } from '../agents/template';
import { LabError, registerError } from '../protocol/errors';
import { FROZEN_JUDGE_PROMPT, readRating } from './frozenBase';
import type { Judge, JudgeVerdict, ProfileJudgeInput } from './judge';

/** Prebuilt WebLLM models that run on f32 shaders (no shader-f16), smallest first. */
export const WEBLLM_JUDGE_MODELS = Object.freeze(['Qwen2.5-0.5B-Instruct-q4f32_1-MLC', 'Qwen2.5-1.5B-Instruct-q4f32_1-MLC'] as const);

/** WebLLM could not start (no WebGPU, no network to fetch its weights, or an unknown model id). */
export class JudgeUnavailableError extends LabError {}
registerError(JudgeUnavailableError);

const HISTORY_CHARS = 6000;

export interface WebLlmJudgeOptions {
  modelId: string;
  /** A new worker running homes/trainer/judge.worker.ts. */
  worker: Worker;
  onProgress?: (fraction: number, text: string) => void;
}

/** Start the WebLLM engine in its worker and wrap it as a Judge; throws JudgeUnavailableError when it cannot start. */
export async function webLlmJudge(opts: WebLlmJudgeOptions): Promise<Judge & { unload(): Promise<void> }> {
  let engine: WebWorkerMLCEngine;
  try {
    engine = await CreateWebWorkerMLCEngine(opts.worker, opts.modelId, {
      initProgressCallback: (r: { progress: number; text: string }) => opts.onProgress?.(r.progress, r.text),
    });
  } catch (err) {
    opts.worker.terminate();
    throw new JudgeUnavailableError(
      `The WebLLM judge ${opts.modelId} could not start (${err instanceof Error ? err.message : String(err)}). It needs WebGPU and a network connection the first time; use the rubric or frozen-base judge, or allow the fallback.`,
      { field: 'judge', model: opts.modelId },
    );
  }
  return {
    name: `webllm:${opts.modelId}`,
    async scoreProfile(input: ProfileJudgeInput): Promise<JudgeVerdict> {
      if (input.profile.trim() === '') return { score: 0, parts: { rating: 0 }, explanation: 'Empty profile: nothing to rate.' };
      const content = renderPrompt(FROZEN_JUDGE_PROMPT, { history: input.history.join('\n').slice(-HISTORY_CHARS), profile: input.profile });
      const reply = await engine.chat.completions.create({ messages: [{ role: 'user', content }], temperature: 0, max_tokens: 4 });
      const text = reply.choices[0]?.message.content ?? '';
      const rating = readRating(text);
      if (rating === null) return { score: 0, parts: { rating: 0 }, explanation: `The judge gave no rating 0–10 ("${text.trim().slice(0, 40)}"); scored 0.` };
      return { score: rating / 10, parts: { rating }, explanation: `${opts.modelId} rated the profile ${rating}/10.` };
    },
    async unload() {
      await engine.unload();
      opts.worker.terminate();
    },
  };
}

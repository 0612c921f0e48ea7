// The setup slice: the RunSetup being edited (possibly invalid: the panel shows why), the GPU memory
// limit a model must fit, and what a Hugging Face model check found before any weights download.

import type { StateCreator } from 'zustand';
import type { AgentName } from '../agents/names';
import type { AnswerFormat } from '../agents/retriever/answer';
import { estimateTrainingMemory, formatBytes, weightBytes, type MemoryEstimate } from '../model/memoryEstimate';
import type { HubModelInfo } from '../model/sources/hubInfo';
import type { RunSetup } from '../run/runSetup';
import { resolveConfig, type PresetName, type RlConfig } from '../rl/config';
import { defaultPrompts, defaultSetup, validateSetup, withAnswerFormat, type SetupProblem } from '../run/setup';

/** The limit used until the user sets one: issue 6's target of 2 GB for a 0.5B model with an int4 base. */
export const DEFAULT_MEMORY_LIMIT = 2e9;
/** Prompt tokens per sequence assumed by the estimate until the user sets it. */
export const DEFAULT_PROMPT_TOKENS = 512;

export type ModelCheck =
  | { status: 'idle' }
  | { status: 'checking'; repo: string; revision: string }
  | { status: 'ok'; repo: string; revision: string; info: HubModelInfo }
  | { status: 'error'; repo: string; revision: string; message: string };

export interface SetupSlice {
  setup: RunSetup;
  memoryLimitBytes: number;
  promptTokens: number;
  modelCheck: ModelCheck;
  setSetup: (setup: RunSetup) => void;
  updateSetup: (change: (s: RunSetup) => RunSetup) => void;
  setRl: <K extends keyof RlConfig>(key: K, value: RlConfig[K]) => void;
  setPrompt: (agent: AgentName, text: string) => void;
  resetPrompt: (agent: AgentName) => void;
  /** Default GRPO settings plus the preset's overrides (the rest of the setup is kept). */
  applyPreset: (name: PresetName) => void;
  setMemoryLimit: (bytes: number) => void;
  setPromptTokens: (n: number) => void;
  setModelCheck: (check: ModelCheck) => void;
}

export const createSetupSlice: StateCreator<SetupSlice, [], [], SetupSlice> = (set) => ({
  setup: defaultSetup(),
  memoryLimitBytes: DEFAULT_MEMORY_LIMIT,
  promptTokens: DEFAULT_PROMPT_TOKENS,
  modelCheck: { status: 'idle' },
  setSetup: (setup) => set({ setup }),
  updateSetup: (change) => set((s) => ({ setup: change(s.setup) })),
  setRl: (key, value) =>
    set((s) => ({ setup: key === 'answer_format' ? withAnswerFormat(s.setup, value as AnswerFormat) : { ...s.setup, rl: { ...s.setup.rl, [key]: value } } })),
  setPrompt: (agent, text) => set((s) => ({ setup: { ...s.setup, prompts: { ...s.setup.prompts, [agent]: text } } })),
  resetPrompt: (agent) => set((s) => ({ setup: { ...s.setup, prompts: { ...s.setup.prompts, [agent]: defaultPrompts(s.setup.rl.answer_format)[agent] } } })),
  applyPreset: (name) => {
    // A preset is whole: TRL's defaults under its overrides; the answer format (set with the prompts) stays.
    set((s) => ({ setup: { ...s.setup, rl: resolveConfig({ answer_format: s.setup.rl.answer_format }, name) } }));
  },
  setMemoryLimit: (bytes) => set({ memoryLimitBytes: bytes }),
  setPromptTokens: (n) => set({ promptTokens: n }),
  setModelCheck: (modelCheck) => set({ modelCheck }),
});

/** The estimate for the checked hub model under the current settings, when it is the selected model. */
export function currentEstimate(s: Pick<SetupSlice, 'setup' | 'modelCheck' | 'promptTokens'>): MemoryEstimate | undefined {
  const { setup, modelCheck } = s;
  if (setup.model.kind !== 'hub' || modelCheck.status !== 'ok') return undefined;
  if (modelCheck.repo !== setup.model.repo || modelCheck.revision !== setup.model.revision) return undefined;
  return estimateTrainingMemory({
    shape: modelCheck.info.shape,
    precision: setup.precision,
    lora: setup.lora,
    numGenerations: setup.rl.num_generations,
    maxCompletionLength: setup.rl.max_completion_length,
    promptTokens: s.promptTokens,
  });
}

/** What the model check adds to the setup's own problems: a hub model must be checked and must fit the limit. */
export function modelProblems(s: Pick<SetupSlice, 'setup' | 'modelCheck' | 'promptTokens' | 'memoryLimitBytes'>): SetupProblem[] {
  const { setup, modelCheck } = s;
  if (setup.model.kind !== 'hub') return [];
  const same = modelCheck.status !== 'idle' && modelCheck.repo === setup.model.repo && modelCheck.revision === setup.model.revision;
  if (!same || modelCheck.status === 'checking') return [{ field: 'model.check', message: 'Check the model (size and memory) before starting: press "Check model".' }];
  if (modelCheck.status === 'error') return [{ field: 'model.check', message: modelCheck.message }];
  if (modelCheck.status === 'ok' && weightBytes(modelCheck.info.shape, setup.precision) === undefined) {
    return [
      {
        field: 'precision',
        message: `${setup.model.repo} cannot be loaded at ${setup.precision}: a layer's input width is not a multiple of ${setup.precision === 'int4' ? 32 : 4}. Choose ${setup.precision === 'int4' ? 'int8 or f32' : 'f32'}.`,
      },
    ];
  }
  const est = currentEstimate(s);
  if (est && est.totalBytes > s.memoryLimitBytes) {
    return [
      {
        field: 'model.check',
        message: `${setup.model.repo} needs about ${formatBytes(est.totalBytes)} of GPU memory with these settings, over the limit of ${formatBytes(s.memoryLimitBytes)}. Choose a lower precision, fewer generations or a shorter max_completion_length, or a smaller model; it will not be downloaded.`,
      },
    ];
  }
  return [];
}

/** Everything that keeps Start disabled. */
export function setupProblems(s: Pick<SetupSlice, 'setup' | 'modelCheck' | 'promptTokens' | 'memoryLimitBytes'>): SetupProblem[] {
  return [...validateSetup(s.setup), ...modelProblems(s)];
}

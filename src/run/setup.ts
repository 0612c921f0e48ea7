// The run setup the dashboard edits: its defaults (prompts from src/agents, GRPO from src/rl/config)
// and every problem that keeps it from starting, each tied to the field it is about.

import { AGENTS, defaultPromptTexts } from '../agents/registry';
import type { AnswerFormat } from '../agents/retriever/answer';
import { WORLD_STYLES } from '../env/worldConfig';
import { AGENT_NAMES } from '../agents/names';
import { checkTemplate } from '../agents/template';
import { DEFAULT_CONFIG, resolveConfig, validateConfig, type RlConfig } from '../rl/config';
import { presetWorldRef } from '../rl/syntheticWorld';
import { ConfigError } from '../rl/errors';
import { PRECISIONS, type DatasetRef, type RunSetup } from '../protocol/trainer';
import { LR_SCHEDULES } from '../rl/trainer/schedule';

/** The bundled model the page starts on: the lesson model, built for the lesson world and the text answer format. */
export const BUNDLED_MODEL = 'comam-lesson';

/** A bundled model is a folder directly under public/models: one plain name, never a path. */
export const BUNDLED_NAME = /^[A-Za-z0-9][\w.-]*$/;

/** The linear layers a LoRA adapter can target, by their Hugging Face module names. */
export const LORA_TARGETS = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] as const;

/** The default persona world (the page's default before the lesson; a link with data parameters starts from it). */
export const DEFAULT_PERSONA_WORLD: Extract<DatasetRef, { kind: 'synthetic' }> = Object.freeze({
  kind: 'synthetic',
  seed: 1,
  personas: 4,
  sessionsPerPersona: 3,
  turnsPerSession: 8,
  distractorRatio: 0.3,
});

/** The page's default world: the lesson preset (short explicit turns, ≥ 60 validation questions over 4 personas). */
export const DEFAULT_SYNTHETIC: Extract<DatasetRef, { kind: 'synthetic' }> = Object.freeze(presetWorldRef('lesson', 1));

/** The answer format of the default lesson: the Retriever copies the note that answers (see agents/retriever/answer.ts). */
export const DEFAULT_ANSWER_FORMAT: AnswerFormat = 'text';

/** The default prompt texts; the Retriever's depends on the answer format (letter by default). */
export function defaultPrompts(format: AnswerFormat = 'letter'): RunSetup['prompts'] {
  return defaultPromptTexts(format);
}

/**
 * The setup with another answer format: a Retriever prompt still at the old format's default follows to
 * the new format's default; an edited one is kept (the person's text wins).
 */
export function withAnswerFormat(setup: RunSetup, format: AnswerFormat): RunSetup {
  const wasDefault = setup.prompts.retriever === defaultPrompts(setup.rl.answer_format).retriever;
  return {
    ...setup,
    rl: { ...setup.rl, answer_format: format },
    prompts: wasDefault ? { ...setup.prompts, retriever: defaultPrompts(format).retriever } : setup.prompts,
  };
}

/**
 * A fresh default setup (plain, mutable copies): the embedded lesson. Each choice, and why:
 * - the lesson world and the lesson model: the model was built to copy from this world's turns, so the
 *   untrained team answers about half its questions and GRPO has both right and wrong rollouts to rank;
 * - the text answer format: the Retriever copies a note, which the small model does; a letter it cannot learn;
 * - the classroom preset (G 4, 96-token completions, lr 1e-3): a step takes seconds on WebAssembly and the
 *   adapters move within a lesson (the paper's G 8 and 256-token completions do not fit the 512 positions);
 * - LoRA on q, k, v and o: the CLI's and the training benchmark's targets, so the page reproduces their numbers;
 * - 30 steps: the lesson a class watches (a checkpoint every 10).
 */
export function defaultSetup(): RunSetup {
  const rl = resolveConfig({ answer_format: DEFAULT_ANSWER_FORMAT }, 'classroom');
  return {
    dataset: { ...DEFAULT_SYNTHETIC },
    model: { kind: 'bundled', name: BUNDLED_MODEL },
    precision: 'f32',
    judge: { kind: 'rubric' },
    prompts: defaultPrompts(DEFAULT_ANSWER_FORMAT),
    rl: { ...rl, fixed_weights: { ...rl.fixed_weights } },
    lora: { r: 8, alpha: 16, targets: ['q_proj', 'k_proj', 'v_proj', 'o_proj'] },
    questionsPerStep: 2,
    steps: 30,
    checkpointEvery: 10,
    seed: 1,
  };
}

export interface SetupProblem {
  /** Dotted path into RunSetup, e.g. "rl.num_generations", "dataset.personas", "prompts.profiler". */
  field: string;
  message: string;
}

/**
 * Every problem of the GRPO settings, one per field, in validateConfig's own words: the validator stops
 * at the first bad field, so each bad field is reported, set to its default, and the check repeated.
 */
export function rlProblems(rl: RlConfig): SetupProblem[] {
  const problems: SetupProblem[] = [];
  const cfg: Record<string, unknown> = { ...rl, fixed_weights: { ...rl.fixed_weights } };
  for (let i = 0; i <= Object.keys(DEFAULT_CONFIG).length + AGENT_NAMES.length; i += 1) {
    try {
      validateConfig(cfg);
      return problems;
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      const field = String(err.data.field);
      problems.push({ field: `rl.${field}`, message: err.message });
      const [top, sub] = field.split('.');
      if (top === 'fixed_weights' && sub !== undefined) {
        const fw = cfg.fixed_weights as Record<string, unknown>;
        if (sub in DEFAULT_CONFIG.fixed_weights) fw[sub] = DEFAULT_CONFIG.fixed_weights[sub as keyof RlConfig['fixed_weights']];
        else delete fw[sub];
      } else if (top in DEFAULT_CONFIG) {
        cfg[top] = DEFAULT_CONFIG[top as keyof RlConfig];
      } else {
        delete cfg[top];
      }
    }
  }
  return problems;
}

function wholeAtLeast(problems: SetupProblem[], field: string, v: number, min: number, what: string): void {
  if (!Number.isInteger(v) || v < min) problems.push({ field, message: `${what} must be a whole number ≥ ${min}, got ${Number.isFinite(v) ? v : 'nothing'}.` });
}

/** Every problem of the optimizer settings (fields left out take their defaults). */
export function optimProblems(o: NonNullable<RunSetup['optim']>): SetupProblem[] {
  const p: SetupProblem[] = [];
  const atLeast0 = (field: keyof typeof o, what: string) => {
    const v = o[field];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) p.push({ field: `optim.${field}`, message: `${what} must be a number ≥ 0, got ${String(v)}.` });
  };
  atLeast0('weight_decay', 'Weight decay');
  atLeast0('max_grad_norm', 'Max grad norm (0 = no clipping)');
  if (o.warmup_steps !== undefined) wholeAtLeast(p, 'optim.warmup_steps', o.warmup_steps, 0, 'Warmup steps');
  if (o.lr_scheduler_type !== undefined && !(LR_SCHEDULES as readonly string[]).includes(o.lr_scheduler_type)) {
    p.push({ field: 'optim.lr_scheduler_type', message: `The lr scheduler must be one of ${LR_SCHEDULES.map((t) => `"${t}"`).join(', ')}, got ${JSON.stringify(o.lr_scheduler_type)}.` });
  }
  return p;
}

/** All problems of a setup; an empty list means Start may be pressed. */
export function validateSetup(s: RunSetup): SetupProblem[] {
  const p: SetupProblem[] = [];
  if (s.dataset.kind === 'synthetic') {
    const d = s.dataset;
    wholeAtLeast(p, 'dataset.seed', d.seed, 0, 'The world seed');
    wholeAtLeast(p, 'dataset.personas', d.personas, 1, 'Personas');
    wholeAtLeast(p, 'dataset.sessionsPerPersona', d.sessionsPerPersona, 1, 'Sessions per persona');
    wholeAtLeast(p, 'dataset.turnsPerSession', d.turnsPerSession, 2, 'Turns per session');
    if (d.style !== undefined && !(WORLD_STYLES as readonly string[]).includes(d.style)) p.push({ field: 'dataset.style', message: `The world style must be one of ${WORLD_STYLES.join(', ')}, got "${String(d.style)}".` });
    if (d.topicsPerPersona !== undefined) wholeAtLeast(p, 'dataset.topicsPerPersona', d.topicsPerPersona, 1, 'Topics per persona');
    if (d.questionsPerType !== undefined) wholeAtLeast(p, 'dataset.questionsPerType', d.questionsPerType, 1, 'Questions per type');
    if (!(d.distractorRatio >= 0 && d.distractorRatio < 1)) {
      p.push({ field: 'dataset.distractorRatio', message: `The distractor ratio must be in [0, 1), got ${Number.isFinite(d.distractorRatio) ? d.distractorRatio : 'nothing'}.` });
    }
  } else if (s.dataset.id.trim() === '') {
    p.push({ field: 'dataset.id', message: 'Choose a stored dataset (import or generate one in the Dataset panel).' });
  }
  if (s.model.kind === 'hub' && !/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/.test(s.model.repo)) {
    p.push({ field: 'model.repo', message: `"${s.model.repo}" is not a Hugging Face model id; use "owner/name", e.g. HuggingFaceTB/SmolLM2-135M-Instruct.` });
  }
  if (s.model.kind === 'hub' && s.model.revision.trim() === '') p.push({ field: 'model.revision', message: 'The revision is empty; use a branch, tag or commit, e.g. "main".' });
  if (s.model.kind !== 'hub' && s.model.name.trim() === '') p.push({ field: 'model.name', message: 'Name the model folder.' });
  if (s.model.kind === 'bundled' && s.model.name !== '' && (!BUNDLED_NAME.test(s.model.name) || s.model.name.includes('..'))) {
    p.push({ field: 'model', message: `"bundled:${s.model.name}" is not a bundled model: bundled models are folders directly under public/models, named plainly (e.g. bundled:${BUNDLED_MODEL}). Give a folder path for any other model.` });
  }
  if (!(PRECISIONS as readonly string[]).includes(s.precision)) p.push({ field: 'precision', message: `Precision "${String(s.precision)}" is not supported; use one of ${PRECISIONS.join(', ')}.` });
  if (s.judge.kind === 'webllm' && s.judge.modelId.trim() === '') p.push({ field: 'judge.modelId', message: 'Name the WebLLM model id of the judge, or choose the rubric judge.' });
  for (const a of AGENT_NAMES) {
    const issues = checkTemplate({ ...AGENTS[a].prompt, text: s.prompts[a] });
    if (issues.length > 0) p.push({ field: `prompts.${a}`, message: `The ${a} prompt has ${issues.join(', ')}; fix it or reset it to the default.` });
  }
  p.push(...rlProblems(s.rl));
  wholeAtLeast(p, 'lora.r', s.lora.r, 1, 'LoRA rank r');
  if (!(s.lora.alpha > 0)) p.push({ field: 'lora.alpha', message: `LoRA alpha must be > 0, got ${Number.isFinite(s.lora.alpha) ? s.lora.alpha : 'nothing'}.` });
  if (s.lora.targets.length === 0) p.push({ field: 'lora.targets', message: 'Choose at least one layer for the LoRA adapters, e.g. q_proj and v_proj.' });
  const unknown = s.lora.targets.filter((t) => !(LORA_TARGETS as readonly string[]).includes(t));
  if (unknown.length > 0) p.push({ field: 'lora.targets', message: `Unknown LoRA target ${unknown.join(', ')}; use ${LORA_TARGETS.join(', ')}.` });
  wholeAtLeast(p, 'questionsPerStep', s.questionsPerStep, 1, 'Questions per step');
  wholeAtLeast(p, 'steps', s.steps, 0, 'Steps (0 = until stopped)');
  wholeAtLeast(p, 'checkpointEvery', s.checkpointEvery, 1, 'Checkpoint every');
  wholeAtLeast(p, 'seed', s.seed, 0, 'The seed');
  if (s.maxPromptTokens !== undefined) wholeAtLeast(p, 'maxPromptTokens', s.maxPromptTokens, 1, 'Max prompt tokens');
  p.push(...optimProblems(s.optim ?? {}));
  if (s.coldStart) {
    wholeAtLeast(p, 'coldStart.steps', s.coldStart.steps, 1, 'Cold-start SFT steps');
    if (!(s.coldStart.lr > 0)) p.push({ field: 'coldStart.lr', message: `The cold-start learning rate must be > 0, got ${Number.isFinite(s.coldStart.lr) ? s.coldStart.lr : 'nothing'}.` });
  }
  return p;
}

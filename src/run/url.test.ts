import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../rl/config';
import { presetWorldRef } from '../rl/syntheticWorld';
import { COLD_START_DEFAULTS, type RunSetup } from './runSetup';
import { DEFAULT_PERSONA_WORLD, defaultPrompts, defaultSetup, RESTATED_MODEL, SESSIONS_MODEL } from './setup';
import { LEGACY_URL_KEYS, readUrlState, urlWithBackend, writeUrlState } from './url';

const roundTrip = (s: RunSetup, backend: 'auto' | 'wasm' = 'auto') => readUrlState(`?${writeUrlState(s, backend)}`);

/** A setup with every field away from its default. */
function everyFieldChanged(): RunSetup {
  return {
    dataset: { kind: 'synthetic', seed: 42, personas: 7, sessionsPerPersona: 5, turnsPerSession: 11, distractorRatio: 0.45 },
    model: { kind: 'hub', repo: 'HuggingFaceTB/SmolLM2-135M-Instruct', revision: 'v1.0' },
    precision: 'int4',
    judge: { kind: 'webllm', modelId: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC', allowFallback: true },
    prompts: { extractor: 'E {{history}} & = ? #', profiler: 'P {{memory}}\nline two', retriever: defaultSetup().prompts.retriever },
    rl: {
      num_generations: 6,
      beta: 0.04,
      epsilon: 0.1,
      epsilon_high: 0.28,
      loss_type: 'bnpo',
      scale_rewards: 'batch',
      learning_rate: 1e-4,
      learning_rate_scale: { extractor: 1, profiler: 3, retriever: 0.5 },
      temperature: 0.9,
      top_p: 0.95,
      max_completion_length: 64,
      num_iterations: 2,
      extraction_alpha: 0.7,
      retrieval_beta: 0.3,
      match_threshold: 0.6,
      answer_format: 'text',
      answer_grounding: 0.4,
      credit_mode: 'fixed',
      credit_temperature: 0.5,
      fixed_weights: { extractor: 0.2, profiler: 0.3, retriever: 0.5 },
      independent_agent: 'retriever',
      ndcg_ties: 'index',
      chunk_tokens: 200,
      memory_tokens: 96,
    },
    lora: { r: 16, alpha: 32, targets: ['q_proj', 'k_proj', 'down_proj'] },
    questionsPerStep: 3,
    steps: 0,
    checkpointEvery: 5,
    seed: 9,
    maxPromptTokens: 1024,
    optim: { weight_decay: 0.01, max_grad_norm: 0.5, lr_scheduler_type: 'cosine', warmup_steps: 3 },
    coldStart: { steps: 15, lr: 0.005 },
  };
}

describe('URL state', () => {
  it('reads ?backend= and defaults to auto and the default setup', () => {
    expect(readUrlState('?backend=wasm')).toEqual({ backend: 'wasm', setup: defaultSetup(), classroom: false, problems: [] });
    expect(readUrlState('')).toEqual({ backend: 'auto', setup: defaultSetup(), classroom: false, problems: [] });
  });

  it('round-trips every field of a RunSetup, and the backend', () => {
    const s = everyFieldChanged();
    const back = roundTrip(s, 'wasm');
    expect(back.problems).toEqual([]);
    expect(back.backend).toBe('wasm');
    expect(back.setup).toEqual(s);
    const def = roundTrip(defaultSetup());
    expect(def).toEqual({ backend: 'auto', setup: defaultSetup(), classroom: false, problems: [] });
  });

  it('round-trips the other model, dataset and judge kinds and epsilon_high null', () => {
    for (const model of [{ kind: 'folder', name: 'my model' }, { kind: 'bundled', name: 'comam-tiny' }] as const) {
      const s = { ...defaultSetup(), model, dataset: { kind: 'stored', id: 'ds:7' } as const, judge: { kind: 'frozen-base' } as const };
      expect(roundTrip(s).setup).toEqual(s);
    }
    const s = defaultSetup();
    s.judge = { kind: 'webllm', modelId: 'm', allowFallback: false };
    expect(roundTrip(s).setup).toEqual(s);
    expect(readUrlState('?rl.epsilon_high=0.3&rl.epsilon_high=null').setup.rl.epsilon_high).toBe(0.3);
    const plain = { ...defaultSetup(), dataset: presetWorldRef('lesson', 3), model: { kind: 'bundled', name: 'comam-lesson' } as const };
    expect(roundTrip(plain).setup).toEqual(plain);
    expect(writeUrlState(plain)).not.toContain('restate');
    expect(writeUrlState(defaultSetup())).toContain('dataset.restate=1');
    // One rate for all is not written, so links from before per-agent rates stay the same; the default's ×3 is.
    const oneRate = { ...plain, rl: { ...plain.rl, learning_rate_scale: { extractor: 1, profiler: 1, retriever: 1 } } };
    expect(writeUrlState(oneRate)).not.toContain('learning_rate_scale');
    expect(roundTrip(oneRate).setup).toEqual(oneRate);
    expect(writeUrlState(defaultSetup())).toContain('rl.learning_rate_scale=1%2C3%2C1');
    expect(readUrlState('?rl.learning_rate_scale=1,3').problems).toEqual(['URL parameter "rl.learning_rate_scale": "1,3" is not three numbers "extractor,profiler,retriever"; kept "1,3,1".']);
    expect(readUrlState('?dataset.style=lesson&dataset.restate=maybe').problems).toEqual(['URL parameter "dataset.restate": "maybe" is not 1 or 0; kept false.']);
    // A hand-made link that restates the lesson without naming a model gets the model built for it; one that names a model keeps it.
    expect(readUrlState('?dataset.restate=1').setup.model).toEqual({ kind: 'bundled', name: SESSIONS_MODEL });
    expect(readUrlState('?dataset.style=lesson&dataset.restate=1&dataset.sessionsPerPersona=3').setup.model).toEqual({ kind: 'bundled', name: RESTATED_MODEL });
    // A hand-made link to the plain lesson gets its three sessions, its model and the classroom preset.
    const plainLink = readUrlState('?dataset.style=lesson&dataset.restate=0').setup;
    expect(plainLink.dataset).toEqual(presetWorldRef('lesson', 1));
    expect(plainLink.model).toEqual({ kind: 'bundled', name: 'comam-lesson' });
    expect(plainLink.rl).toEqual(resolveConfig({ answer_format: 'text' }, 'classroom'));
    // Questions a step too: the plain lesson's two, the restated lesson's four, unless the link gives them.
    expect(plainLink.questionsPerStep).toBe(2);
    expect(readUrlState('?dataset.style=lesson').setup.questionsPerStep).toBe(4);
    expect(readUrlState('?dataset.style=lesson&dataset.restate=0&questionsPerStep=3').setup.questionsPerStep).toBe(3);
    expect(readUrlState('?dataset.style=lesson&questions=3').setup.questionsPerStep).toBe(3);
    expect(readUrlState('?dataset.restate=1&model=bundled:comam-lesson').setup.model).toEqual({ kind: 'bundled', name: 'comam-lesson' });
    // A restated lesson of four sessions gets the model built on 3–5 sessions (the three-session one loops on it).
    expect(readUrlState('?dataset.style=lesson&dataset.restate=1&dataset.sessionsPerPersona=4').setup.model).toEqual({ kind: 'bundled', name: SESSIONS_MODEL });
  });

  it('reads a link with the lesson knobs and no dataset.restate as the plain lesson, copied before the restated default', () => {
    // A link "Copy link" wrote for the plain lesson (then the page's default): the world's knobs, its model, every GRPO setting but the ones off.
    const before = { ...defaultSetup(), dataset: presetWorldRef('lesson', 1), model: { kind: 'bundled', name: 'comam-lesson' } as const, rl: resolveConfig({ answer_format: 'text' }, 'classroom') };
    const link = writeUrlState(before);
    expect(link).not.toMatch(/restate|answer_grounding|learning_rate_scale/);
    expect(readUrlState(`?${link}`).setup).toEqual(before);
    // Written by hand: the lesson's knobs without a model or GRPO settings mean the plain lesson on its own model and preset.
    const hand = readUrlState('?dataset.style=lesson&dataset.seed=2').setup;
    expect(hand.dataset).toEqual(presetWorldRef('lesson', 2));
    expect(hand.model).toEqual({ kind: 'bundled', name: 'comam-lesson' });
    expect(hand.rl).toEqual(resolveConfig({ answer_format: 'text' }, 'classroom'));
    // Without knobs a hand-made link keeps the page's default world, model and preset.
    const bare = readUrlState('?rl.credit_mode=equal').setup;
    expect(bare).toEqual({ ...defaultSetup(), rl: { ...defaultSetup().rl, credit_mode: 'equal' } });
    expect(readUrlState('?dataset.restate=0').setup.rl).toEqual(resolveConfig({ answer_format: 'text' }, 'classroom'));
    expect(readUrlState('?rl.answer_format=letter').setup.rl.answer_grounding).toBe(0);
  });

  it('round-trips a frozen control run, and writes nothing for a training run', () => {
    const control = { ...defaultSetup(), frozenControl: true };
    expect(writeUrlState(control)).toContain('frozenControl=1');
    expect(roundTrip(control).setup).toEqual(control);
    expect(writeUrlState(defaultSetup())).not.toContain('frozenControl');
    expect(readUrlState('?frozenControl=yes').problems).toEqual(['URL parameter "frozenControl": "yes" is not 1 or 0; kept false.']);
  });

  it('gives rl.answer_format=text the text format’s Retriever prompt, and writes only an edited one', () => {
    const read = readUrlState('?rl.answer_format=text').setup;
    expect(read.rl.answer_format).toBe('text');
    expect(read.prompts.retriever).toBe(defaultPrompts('text').retriever);
    expect(writeUrlState(read)).not.toContain('prompts.retriever');
    expect(roundTrip(read).setup).toEqual(read);
    expect(readUrlState('?rl.answer_format=words').problems[0]).toMatch(/rl\.answer_format/);
  });

  it('writes answer_grounding only when on, and reads a copied link without it as the paper\'s Eq. 11', () => {
    const off = { ...defaultSetup(), rl: { ...defaultSetup().rl, answer_grounding: 0 } };
    expect(writeUrlState(off)).not.toContain('answer_grounding');
    expect(roundTrip(off).setup).toEqual(off);
    expect(writeUrlState(defaultSetup())).toContain('rl.answer_grounding=0.5');
    expect(roundTrip(defaultSetup()).setup).toEqual(defaultSetup());
    // A copied link names its model; one without answer_grounding was copied with it off.
    expect(readUrlState('?model=bundled:comam-lesson-varied&rl.answer_format=text').setup.rl.answer_grounding).toBe(0);
    // A hand-written one keeps its world's: the lesson preset's 0.5 on the page's restated lesson.
    expect(readUrlState('?rl.answer_format=text').setup.rl.answer_grounding).toBe(0.5);
  });

  it('turns cold-start SFT on when a coldStart parameter is present, the other taking its default', () => {
    expect(writeUrlState(defaultSetup())).not.toContain('coldStart');
    const on = readUrlState('?coldStart.steps=7');
    expect(on.problems).toEqual([]);
    expect(on.setup.coldStart).toEqual({ steps: 7, lr: COLD_START_DEFAULTS.lr });
    const bad = readUrlState('?coldStart.lr=fast');
    expect(bad.setup.coldStart).toEqual({ ...COLD_START_DEFAULTS });
    expect(bad.problems).toEqual([`URL parameter "coldStart.lr": "fast" is not a number; kept ${COLD_START_DEFAULTS.lr}.`]);
  });

  it('spells every parameter as its RunSetup path, and still reads the spellings older links used', () => {
    const written = [...new URLSearchParams(writeUrlState(everyFieldChanged())).keys()];
    for (const key of written.filter((k) => k !== 'backend')) {
      const path = key.split('.');
      // Each written key is a path into the setup (rl.fixed_weights and lora.targets as one value each).
      let at: unknown = everyFieldChanged();
      for (const part of path) at = (at as Record<string, unknown>)[part];
      expect(at, key).not.toBeUndefined();
    }
    expect(written.filter((k) => k in LEGACY_URL_KEYS)).toEqual([]);
    const old = readUrlState('?data.style=lesson&data.topics=2&data.questions=4&questions=3&checkpoint_every=4&prompt.extractor=E%20{{history}}&judge=webllm:m&judge.fallback=1&cold_start.steps=6');
    expect(old.problems).toEqual([]);
    expect(old.setup).toMatchObject({ questionsPerStep: 3, checkpointEvery: 4, judge: { kind: 'webllm', modelId: 'm', allowFallback: true }, coldStart: { steps: 6 } });
    expect(old.setup.dataset).toMatchObject({ style: 'lesson', topicsPerPersona: 2, questionsPerType: 4 });
    expect(old.setup.prompts.extractor).toBe('E {{history}}');
    // The current spelling wins over an old one; a bad old value is reported under the name the link used.
    expect(readUrlState('?questions=3&questionsPerStep=5').setup.questionsPerStep).toBe(5);
    expect(readUrlState('?checkpoint_every=soon').problems).toEqual(['URL parameter "checkpoint_every": "soon" is not a number; kept 10.']);
  });

  it('writes prompts only when edited', () => {
    expect(writeUrlState(defaultSetup())).not.toContain('prompts.');
    expect(writeUrlState(everyFieldChanged())).toContain('prompts.extractor=');
  });

  it('reports an unknown backend instead of throwing', () => {
    const s = readUrlState('?backend=cuda');
    expect(s.backend).toBe('auto');
    expect(s.problems[0]).toMatch(/Unknown backend "cuda"/);
  });

  it('names unknown parameters and unparsable values, and keeps the defaults', () => {
    const s = readUrlState('?foo=1&rl.beta=abc&precision=fp16&rl.loss_type=ppo&model=weird&judge=gpt&dataset=csv&dataset.seed=&lora.r=1e999&rl.fixed_weights=1,2&optim.lr_scheduler_type=step');
    const d = defaultSetup();
    expect(s.setup.rl.beta).toBe(d.rl.beta);
    expect(s.setup.precision).toBe('f32');
    expect(s.setup.rl.loss_type).toBe('dapo');
    expect(s.setup.model).toEqual(d.model);
    expect(s.setup.judge).toEqual(d.judge);
    // dataset.seed without dataset.style: a link from before the lesson default, so the persona world's defaults.
    expect(s.setup.dataset).toEqual(DEFAULT_PERSONA_WORLD);
    expect(s.setup.lora.r).toBe(d.lora.r);
    expect(s.setup.rl.fixed_weights).toEqual(d.rl.fixed_weights);
    expect(s.problems).toEqual([
      'Unknown URL parameter "foo" was ignored. Copy a fresh link with "Copy link".',
      'URL parameter "dataset": "csv" is not "synthetic" or "stored"; kept "synthetic".',
      'URL parameter "dataset.seed": "" is not a number; kept 1.',
      'URL parameter "model": "weird" is not "bundled:<name>", "hub:<owner/name>@<revision>" or "folder:<name>"; kept "bundled:comam-lesson-sessions".',
      'URL parameter "precision": "fp16" is not one of f32, int8, int4; kept "f32".',
      'URL parameter "judge": "gpt" is not "rubric", "frozen-base" or "webllm:<model id>"; kept "rubric".',
      'URL parameter "rl.beta": "abc" is not a number; kept 0.',
      'URL parameter "rl.loss_type": "ppo" is not one of grpo, bnpo, dr_grpo, dapo; kept "dapo".',
      'URL parameter "rl.fixed_weights": "1,2" is not three numbers "extractor,profiler,retriever"; kept "0.3333333333333333,0.3333333333333333,0.3333333333333333".',
      'URL parameter "lora.r": "1e999" is not a number; kept 8.',
      'URL parameter "optim.lr_scheduler_type": "step" is not one of constant, linear, cosine; kept "constant".',
    ]);
  });

  it('reads a link written before the lesson default as it was meant: the persona world and the letter format', () => {
    const old = readUrlState('?data=synthetic&data.seed=3&data.personas=4&data.sessions=3&data.turns=8&data.distractors=0.3&model=bundled:comam-tiny&rl.num_generations=4');
    expect(old.problems).toEqual([]);
    expect(old.setup.dataset).toEqual({ ...DEFAULT_PERSONA_WORLD, seed: 3 });
    expect(old.setup.rl.answer_format).toBe('letter');
    expect(old.setup.prompts.retriever).toBe(defaultPrompts('letter').retriever);
    // No parameters: the lesson; a link the page writes now names its style and format, so it reads back the same.
    expect(readUrlState('').setup).toEqual(defaultSetup());
    expect(readUrlState(`?${writeUrlState(defaultSetup())}`).setup).toEqual(defaultSetup());
    // A hand-written link that only changes a GRPO setting stays on the lesson.
    const partial = readUrlState('?rl.num_generations=2').setup;
    expect(partial).toEqual({ ...defaultSetup(), rl: { ...defaultSetup().rl, num_generations: 2 } });
  });

  it('keeps an out-of-range number as given, for the setup panel to flag', () => {
    const s = readUrlState('?rl.num_generations=1');
    expect(s.problems).toEqual([]);
    expect(s.setup.rl.num_generations).toBe(1);
  });

  it('carries classroom mode as classroom=1 and reports a bad value', () => {
    const search = writeUrlState(defaultSetup(), 'auto', { classroom: true });
    expect(new URLSearchParams(search).get('classroom')).toBe('1');
    expect(readUrlState(`?${search}`)).toMatchObject({ classroom: true, problems: [] });
    expect(new URLSearchParams(writeUrlState(defaultSetup())).has('classroom')).toBe(false);
    expect(readUrlState('?classroom=0').classroom).toBe(false);
    expect(readUrlState('?classroom=yes')).toMatchObject({ classroom: false, problems: ['URL parameter "classroom": "yes" is not 1 or 0; kept false.'] });
  });
});

describe('urlWithBackend', () => {
  it('sets or drops ?backend= and keeps every other parameter', () => {
    expect(urlWithBackend('http://x/?rl.beta=0.1&backend=wasm#a', 'webgpu')).toBe('http://x/?rl.beta=0.1&backend=webgpu#a');
    expect(urlWithBackend('http://x/?backend=wasm&steps=3', 'auto')).toBe('http://x/?steps=3');
  });
});

import { describe, expect, it } from 'vitest';
import { OPTIM_DEFAULTS } from '../rl/optim/optimSetup';
import { PRESETS, resolveConfig } from '../rl/config';
import { ConfigError } from '../rl/errors';
import { buildSetup, parseModelArg, setupFromConfig } from './runConfig';
import { defaultSetup, RESTATED_MODEL } from './setup';
import { presetWorldRef } from '../rl/syntheticWorld';

const from = (config: unknown, preset?: 'classroom' | 'paper') => setupFromConfig(config, defaultSetup(), preset, 'cfg.json');
const problem = (config: unknown) => {
  try {
    from(config);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
};

describe('setupFromConfig: a config file checked whole', () => {
  it('{} is the base setup with the preset over the GRPO defaults', () => {
    const s = from({}, 'classroom');
    expect(s.rl.num_generations).toBe(PRESETS.classroom.overrides.num_generations);
    expect({ ...s, rl: undefined }).toEqual({ ...defaultSetup(), rl: undefined });
  });

  it('fills partial objects from the base and the defaults instead of replacing them', () => {
    const s = from({ lora: { r: 4 }, optim: { warmup_steps: 2 }, coldStart: { steps: 3 }, prompts: { profiler: 'M:\n{{memory}}\nP:' } });
    expect(s.lora).toEqual({ ...defaultSetup().lora, r: 4 });
    expect(s.optim).toEqual({ ...OPTIM_DEFAULTS, warmup_steps: 2 });
    expect(s.coldStart).toEqual({ steps: 3, lr: 0.01 });
    expect(s.prompts.extractor).toBe(defaultSetup().prompts.extractor);
  });

  it('takes a synthetic world without its optional knobs (style, topics, questions per type)', () => {
    // These were required before: a persona world named in a config file was refused for a missing "style".
    const world = { kind: 'synthetic', seed: 1, personas: 2, sessionsPerPersona: 3, turnsPerSession: 6, distractorRatio: 0.4 } as const;
    expect(setupFromConfig({ dataset: world }, defaultSetup({ world: 'tiny' }), undefined, 'cfg.json').dataset).toEqual({ ...world, topicsPerPersona: 2, questionsPerType: 1 });
    expect(setupFromConfig({ dataset: { ...world, topicsPerPersona: 3 } }, defaultSetup({ world: 'tiny' }), undefined, 'cfg.json').dataset).toMatchObject({ topicsPerPersona: 3 });
    expect(setupFromConfig({ dataset: { ...world, style: 'lesson', restate: true } }, defaultSetup(), undefined, 'cfg.json').dataset).toMatchObject({ restate: true });
  });

  it('takes the model as "bundled:NAME", a folder path, or an object', () => {
    expect(from({ model: 'bundled:comam-tiny' }).model).toEqual({ kind: 'bundled', name: 'comam-tiny' });
    expect(from({ model: '/models/x' }).model).toEqual({ kind: 'folder', name: '/models/x' });
    expect(from({ model: { kind: 'hub', repo: 'a/b', revision: 'main' } }).model).toEqual({ kind: 'hub', repo: 'a/b', revision: 'main' });
    expect(parseModelArg('bundled:x')).toEqual({ kind: 'bundled', name: 'x' });
  });

  it('names unknown keys at every level, with a hint where one is close', () => {
    expect(problem({ colour: 'red' })).toMatch(/"colour": unknown setting/);
    expect(problem(JSON.parse('{"__proto__": {"steps": 3}}'))).toMatch(/"__proto__": unknown setting/);
    expect(problem({ checkpointevery: 3 })).toMatch(/Did you mean "checkpointEvery"/);
    expect(problem({ lora: { rank: 4 } })).toMatch(/"lora\.rank": unknown setting\. Did you mean "r"\?/);
    expect(problem({ optim: { weight_decay: 0, warmup: 2 } })).toMatch(/"optim\.warmup": unknown setting\. Did you mean "warmup_steps"\?/);
    expect(problem({ prompts: { retreiver: 'x' } })).toMatch(/"prompts\.retreiver": unknown setting/);
    expect(problem({ dataset: { kind: 'synthetic', people: 3 } })).toMatch(/"dataset\.people": unknown setting/);
    expect(problem({ judge: { kind: 'rubric', strict: true } })).toMatch(/"judge\.strict": unknown setting/);
    expect(problem({ rl: { kl_beta: 0.1 } })).toMatch(/Config field "kl_beta": unknown setting/);
  });

  it('checks every optim and lora field', () => {
    expect(problem({ optim: { weight_decay: -5 } })).toMatch(/"optim\.weight_decay": Weight decay must be a number ≥ 0, got -5/);
    expect(problem({ optim: { max_grad_norm: -1 } })).toMatch(/"optim\.max_grad_norm"/);
    expect(problem({ optim: { lr_scheduler_type: 'bogus' } })).toMatch(/"optim\.lr_scheduler_type": .*"constant", "linear", "cosine", got "bogus"/);
    expect(problem({ optim: { warmup_steps: -2 } })).toMatch(/"optim\.warmup_steps": Warmup steps must be a whole number ≥ 0/);
    expect(problem({ lora: { targets: ['bogus_proj'] } })).toMatch(/"lora\.targets": Unknown LoRA target bogus_proj/);
    expect(problem({ lora: { r: '4' } })).toMatch(/"lora\.r": expected a finite number, got "4"/);
    expect(problem({ lora: { alpha: 0 } })).toMatch(/"lora\.alpha"/);
  });

  it('refuses a bundled name that is a path, and a kind change missing its fields', () => {
    expect(problem({ model: 'bundled:../../x' })).toMatch(/"model": "bundled:\.\.\/\.\.\/x" is not a bundled model/);
    expect(problem({ judge: { kind: 'webllm' } })).toMatch(/"judge\.modelId": missing/);
    expect(problem({ judge: { kind: 'oracle' } })).toMatch(/"judge\.kind": expected one of "rubric", "frozen-base", "webllm"/);
  });

  it('reports every problem at once, naming the file', () => {
    const msg = problem({ colour: 1, lora: { rank: 4 }, steps: 'x' });
    expect(msg).toMatch(/^cfg\.json has 3 problems: /);
    expect(msg).toMatch(/"colour"/);
    expect(msg).toMatch(/"lora\.rank"/);
    expect(msg).toMatch(/"steps": expected a finite number/);
    expect(problem({ steps: -1, checkpointEvery: 0 })).toMatch(/^cfg\.json has 2 problems: .*"steps".*"checkpointEvery"/);
    expect(problem({ colour: 1, lora: { rank: 4 }, optim: { weight_decay: -5 } })).toMatch(/^cfg\.json has 3 problems: .*"colour".*"lora\.rank".*"optim\.weight_decay"/);
  });

  it('is not an object: one ConfigError', () => {
    expect(problem([1, 2])).toMatch(/must be a JSON object of run settings/);
  });
});

describe('buildSetup', () => {
  it('runs a restated lesson on the restated model unless the config or a flag names a model', () => {
    const dataset = { ...presetWorldRef('lesson', 2), restate: true };
    expect(buildSetup({ dataset }, { world: 'lesson' }).model).toEqual({ kind: 'bundled', name: RESTATED_MODEL });
    expect(buildSetup({ dataset }, { world: 'lesson', model: 'bundled:comam-lesson' }).model).toEqual({ kind: 'bundled', name: 'comam-lesson' });
    expect(buildSetup({ dataset, model: 'bundled:comam-lesson' }, { world: 'lesson' }).model).toEqual({ kind: 'bundled', name: 'comam-lesson' });
    expect(buildSetup({}, { world: 'lesson' }).model).toEqual(defaultSetup().model);
  });
  it('is the page\'s default with no config or flags; a plain lesson takes its own model and the classroom preset', () => {
    expect(buildSetup({}, {})).toEqual(defaultSetup());
    const plain = buildSetup({ dataset: { restate: false } }, {});
    expect(plain.model).toEqual({ kind: 'bundled', name: 'comam-lesson' });
    // Its session count too (the lesson preset's three; the restated default has four), unless the config gives one.
    expect(plain.dataset).toEqual({ ...presetWorldRef('lesson', 1), restate: false });
    expect(buildSetup({ dataset: { restate: false, sessionsPerPersona: 4 } }, {}).dataset).toMatchObject({ sessionsPerPersona: 4 });
    expect(buildSetup({ dataset: { seed: 2 } }, {}).dataset).toEqual({ ...presetWorldRef('lesson', 2), restate: true, sessionsPerPersona: 4 });
    // Questions a step follow the world unless the config gives them: two on the plain lesson, four restated.
    expect(plain.questionsPerStep).toBe(2);
    expect(buildSetup({}, {}).questionsPerStep).toBe(4);
    expect(buildSetup({ dataset: { restate: false }, questionsPerStep: 3 }, {}).questionsPerStep).toBe(3);
    expect(buildSetup({}, { world: 'classroom' }).questionsPerStep).toBe(2);
    expect(plain.rl).toEqual(resolveConfig({ answer_format: 'text' }, 'classroom'));
    // A preset named by a flag wins over the world's, and a config's own GRPO settings over both.
    expect(buildSetup({}, { preset: 'classroom' }).rl).toEqual(resolveConfig({ answer_format: 'text' }, 'classroom'));
    expect(buildSetup({ rl: { learning_rate: 1e-4 } }, {}).rl).toMatchObject({ learning_rate: 1e-4, match_threshold: 0.9, learning_rate_scale: { extractor: 1, profiler: 3, retriever: 1 } });
    expect(buildSetup({}, { world: 'classroom' }).rl).toEqual(resolveConfig({}, 'classroom'));
  });
  it('takes a frozen control from the config, and checks its type', () => {
    expect(buildSetup({ frozenControl: true }, {}).frozenControl).toBe(true);
    expect(buildSetup({}, {}).frozenControl).toBeUndefined();
    expect(buildSetup({}, { frozenControl: true }).frozenControl).toBe(true);
    expect(() => buildSetup({ frozenControl: 'yes' }, {})).toThrow(/frozenControl": expected true or false/);
  });
});

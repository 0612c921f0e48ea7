import { describe, expect, it } from 'vitest';
import { AGENTS } from '../agents/registry';
import { DEFAULT_CONFIG, PRESETS, validateConfig } from '../rl/config';
import { presetWorldRef } from '../rl/syntheticWorld';
import { BUNDLED_MODEL, DEFAULT_PERSONA_WORLD, DEFAULT_SYNTHETIC, defaultPrompts, defaultSetup, lessonModel, RESTATED_MODEL, SESSIONS_MODEL, rlProblems, validateSetup, withAnswerFormat, withRestate, withWorldModel, withWorldStyle, worldPreset } from './setup';

describe('defaultSetup', () => {
  it('is valid: the restated lesson of four sessions (its world, its model, the text answer format and its prompt) on the lesson preset', () => {
    const s = defaultSetup();
    expect(validateSetup(s)).toEqual([]);
    expect(s.prompts.profiler).toBe(AGENTS.profiler.prompt.text);
    expect(s.dataset).toEqual({ ...presetWorldRef('lesson', 1), restate: true, sessionsPerPersona: 4 });
    expect(s.dataset).toEqual(DEFAULT_SYNTHETIC);
    expect(s.model).toEqual({ kind: 'bundled', name: SESSIONS_MODEL });
    expect(s.prompts.retriever).toBe(defaultPrompts('text').retriever);
    expect(s.rl).toEqual({ ...DEFAULT_CONFIG, ...PRESETS.lesson.overrides, learning_rate_scale: { extractor: 1, profiler: 3, retriever: 1 } });
    expect(s.rl).toMatchObject({ learning_rate: 3e-4, match_threshold: 0.9, answer_grounding: 0.5, answer_format: 'text', num_generations: 4 });
    expect(s.questionsPerStep).toBe(4);
    expect(defaultSetup()).not.toBe(s);
  });
  it('keeps the classroom preset and letters on the persona worlds', () => {
    const s = defaultSetup({ world: 'classroom', seed: 2 });
    expect(validateSetup(s)).toEqual([]);
    expect(s.dataset).toEqual(presetWorldRef('classroom', 2));
    expect(s.model).toEqual({ kind: 'bundled', name: 'comam-tiny' });
    expect(s.rl).toEqual({ ...DEFAULT_CONFIG, ...PRESETS.classroom.overrides });
    expect(s.questionsPerStep).toBe(2);
  });
  it('tunes only the restated lesson with the lesson preset', () => {
    expect(worldPreset(defaultSetup())).toBe('lesson');
    expect(worldPreset({ dataset: presetWorldRef('lesson', 1) })).toBe('classroom');
    expect(worldPreset({ dataset: { kind: 'stored', id: 'x' } })).toBe('classroom');
    expect(worldPreset(defaultSetup({ world: 'tiny' }))).toBe('classroom');
  });
});

describe('rlProblems', () => {
  it('reports every bad field in validateConfig’s words, not only the first', () => {
    const rl = { ...defaultSetup().rl, num_generations: 1, epsilon: 2, fixed_weights: { extractor: -1, profiler: 0.5, retriever: 0.5 } };
    const problems = rlProblems(rl);
    expect(problems.map((p) => p.field)).toEqual(['rl.fixed_weights.extractor', 'rl.num_generations', 'rl.epsilon']);
    expect(() => validateConfig({ ...DEFAULT_CONFIG, num_generations: 1 })).toThrow(problems[1].message);
    expect(problems[1].message).toMatch(/Config field "num_generations": 1 is out of range; use a number that is a whole number ≥ 2/);
  });
  it('is empty for a valid config', () => {
    expect(rlProblems(defaultSetup().rl)).toEqual([]);
  });
});

describe('validateSetup', () => {
  it('names dataset, model, prompt, LoRA and run fields', () => {
    const s = defaultSetup();
    s.dataset = { kind: 'synthetic', seed: 1, personas: 0, sessionsPerPersona: 1, turnsPerSession: 8, distractorRatio: 1 };
    s.model = { kind: 'hub', repo: 'no-slash', revision: 'main' };
    s.prompts.profiler = 'no slot here {{oops}}';
    s.lora = { r: 0.5, alpha: 16, targets: [] };
    s.steps = -1;
    const fields = validateSetup(s).map((p) => p.field);
    expect(fields).toEqual(['dataset.personas', 'dataset.distractorRatio', 'model.repo', 'prompts.profiler', 'lora.r', 'lora.targets', 'steps']);
    expect(validateSetup(s).find((p) => p.field === 'prompts.profiler')?.message).toMatch(/missing slot \{\{memory\}\}, unknown slot \{\{oops\}\}/);
  });
  it('takes restate on a lesson world only', () => {
    const s = defaultSetup();
    if (s.dataset.kind !== 'synthetic') throw new Error('the default world is synthetic');
    expect(validateSetup({ ...s, dataset: { ...s.dataset, restate: true } })).toEqual([]);
    expect(validateSetup({ ...s, dataset: { ...DEFAULT_PERSONA_WORLD, restate: true } }).map((p) => p.field)).toEqual(['dataset.restate']);
  });
  it('checks cold-start SFT steps and learning rate only when it is on', () => {
    const s = { ...defaultSetup(), coldStart: { steps: 0, lr: 0 } };
    expect(validateSetup(s).map((p) => p.field)).toEqual(['coldStart.steps', 'coldStart.lr']);
    expect(validateSetup({ ...s, coldStart: { steps: 10, lr: 0.01 } })).toEqual([]);
  });
  it('asks for a stored dataset id', () => {
    const s = { ...defaultSetup(), dataset: { kind: 'stored', id: ' ' } as const };
    expect(validateSetup(s)).toEqual([{ field: 'dataset.id', message: expect.stringMatching(/Choose a stored dataset/) as unknown }]);
  });
});

describe('withAnswerFormat', () => {
  it('moves a default Retriever prompt to the new format’s default and keeps an edited one', () => {
    const text = withAnswerFormat(defaultSetup(), 'text');
    expect(text.rl.answer_format).toBe('text');
    expect(text.prompts.retriever).toBe(defaultPrompts('text').retriever);
    expect(text.prompts.retriever).not.toBe(defaultPrompts('letter').retriever);
    expect(withAnswerFormat(text, 'letter').prompts.retriever).toBe(defaultPrompts('letter').retriever);
    const edited = { ...defaultSetup(), prompts: { ...defaultSetup().prompts, retriever: 'mine {{memory}} {{profile}} {{question}} {{options}}' } };
    expect(withAnswerFormat(edited, 'text').prompts.retriever).toBe(edited.prompts.retriever);
    expect(validateSetup(text)).toEqual([]);
  });
  it('turns answer grounding off with letters, which copy no note', () => {
    const grounded = withAnswerFormat(defaultSetup(), 'text');
    grounded.rl.answer_grounding = 0.5;
    expect(validateSetup(grounded)).toEqual([]);
    expect(withAnswerFormat(grounded, 'letter').rl.answer_grounding).toBe(0);
    expect(validateSetup({ ...grounded, rl: { ...grounded.rl, answer_format: 'letter' } })).toEqual([
      { field: 'rl.answer_grounding', message: expect.stringMatching(/needs answer_format "text"/) as unknown },
    ]);
  });
});

describe('withRestate', () => {
  it('moves the lesson’s bundled model to the plain one and back, and leaves a chosen model alone', () => {
    // The session count nobody chose follows too: four restated, the lesson preset's three plain.
    const off = withRestate(defaultSetup(), false);
    expect(off.dataset).toEqual(presetWorldRef('lesson', 1));
    expect(off.model).toEqual({ kind: 'bundled', name: BUNDLED_MODEL });
    expect(validateSetup(off)).toEqual([]);
    const on = withRestate(off, true);
    expect(on.dataset).toEqual(defaultSetup().dataset);
    expect(on.model).toEqual(defaultSetup().model);
    // A count the person set stays.
    const five = { ...defaultSetup(), dataset: { ...defaultSetup().dataset, sessionsPerPersona: 5 } };
    expect(withRestate(five, false).dataset).toMatchObject({ sessionsPerPersona: 5 });
    const chosen = { ...defaultSetup(), model: { kind: 'folder' as const, name: 'my-model' } };
    expect(withRestate(chosen, false).model).toEqual(chosen.model);
    expect(withRestate(withRestate(chosen, false), true).model).toEqual(chosen.model);
  });
  it('a new world style starts fresh: the persona world on the lesson model, the lesson restated on its own', () => {
    const restated = defaultSetup({ seed: 4 });
    const persona = withWorldStyle(restated, 'persona');
    expect(persona.dataset).toEqual({ ...DEFAULT_PERSONA_WORLD, seed: 4 });
    expect(persona.model).toEqual({ kind: 'bundled', name: BUNDLED_MODEL });
    const lesson = withWorldStyle(persona, 'lesson');
    expect(lesson.dataset).toEqual({ ...presetWorldRef('lesson', 4), restate: true, sessionsPerPersona: 4 });
    expect(lesson.model).toEqual({ kind: 'bundled', name: SESSIONS_MODEL });
    expect(withWorldStyle(withRestate(restated, false), 'lesson')).toEqual(withWorldStyle(restated, 'lesson'));
    // A persona world a hand-made link marked restated keeps its model: withRestate is for lesson worlds.
    const marked = { ...defaultSetup(), model: { kind: 'bundled' as const, name: 'comam-tiny' }, dataset: { ...DEFAULT_PERSONA_WORLD, restate: true } };
    expect(withWorldStyle(marked, 'lesson').model).toEqual(marked.model);
    expect(() => withWorldStyle({ ...defaultSetup(), dataset: { kind: 'stored', id: 'ds:1' } }, 'lesson')).toThrow(/synthetic dataset/);
  });
  it('a lesson nobody chose a model for runs on its own: restated on the restated model, plain on the lesson model', () => {
    const plain = { ...defaultSetup(), dataset: presetWorldRef('lesson', 2) };
    expect(withWorldModel(plain).model).toEqual({ kind: 'bundled', name: BUNDLED_MODEL });
    const restated = { ...withWorldModel(plain), dataset: { ...presetWorldRef('lesson', 2), restate: true } };
    expect(withWorldModel(restated).model).toEqual({ kind: 'bundled', name: RESTATED_MODEL });
    expect(withWorldModel(defaultSetup())).toEqual(defaultSetup());
    const marked = { ...defaultSetup(), dataset: { ...DEFAULT_PERSONA_WORLD, restate: true } };
    expect(withWorldModel(marked)).toEqual(marked);
    const folder = { ...restated, model: { kind: 'folder' as const, name: 'mine' } };
    expect(withWorldModel(folder).model).toEqual(folder.model);
  });
  it('a restated lesson of another session count runs on the model built on 3–5 sessions, and the checkbox moves it back', () => {
    // The ninth build (RESTATED_MODEL) saw only three-session worlds and loops on a four-session world's profiles.
    const four = { ...defaultSetup(), dataset: { ...presetWorldRef('lesson', 2), restate: true, sessionsPerPersona: 4 } };
    expect(withWorldModel(four).model).toEqual({ kind: 'bundled', name: SESSIONS_MODEL });
    expect(lessonModel(four.dataset)).toBe(SESSIONS_MODEL);
    expect(lessonModel({ ...four.dataset, sessionsPerPersona: 3 })).toBe(RESTATED_MODEL);
    expect(lessonModel({ ...four.dataset, restate: undefined })).toBe(BUNDLED_MODEL);
    expect(lessonModel(DEFAULT_PERSONA_WORLD)).toBeUndefined();
    const plain = withRestate(withWorldModel(four), false);
    expect(plain.model).toEqual({ kind: 'bundled', name: BUNDLED_MODEL });
    expect(withRestate(plain, true).model).toEqual({ kind: 'bundled', name: SESSIONS_MODEL });
    // A bundled model that is not one of the lesson's (the person chose it) stays.
    const tiny = { ...four, model: { kind: 'bundled' as const, name: 'comam-tiny' } };
    expect(withWorldModel(tiny).model).toEqual(tiny.model);
    expect(withRestate(tiny, false).model).toEqual(tiny.model);
  });
  it('is a lesson world option', () => {
    const persona = { ...defaultSetup(), dataset: { ...DEFAULT_PERSONA_WORLD } };
    expect(() => withRestate(persona, true)).toThrow(/lesson world option/);
  });
});

import { describe, expect, it } from 'vitest';
import { CONFIG_SOURCES, DEFAULT_CONFIG, PRESETS, epsilonHigh, isPresetName, resolveConfig, trainedAgents, validateConfig } from './config';
import { ConfigError } from './errors';

describe('config', () => {
  it('defaults validate, are plain JSON, and every field has a source', () => {
    const cfg = validateConfig(DEFAULT_CONFIG);
    expect(JSON.parse(JSON.stringify(cfg))).toEqual(cfg);
    expect(Object.keys(CONFIG_SOURCES).sort()).toEqual(Object.keys(DEFAULT_CONFIG).sort());
    expect(cfg).toMatchObject({ num_generations: 8, beta: 0, epsilon: 0.2, scale_rewards: 'group', num_iterations: 1, extraction_alpha: 0.8, retrieval_beta: 0.2, match_threshold: 0.5, credit_mode: 'adaptive', ndcg_ties: 'average' });
  });
  it('the paper preset pins only what the paper publishes: ties are a lab choice it leaves at the default', () => {
    expect(Object.keys(PRESETS.paper.overrides)).not.toContain('ndcg_ties');
    expect(resolveConfig({}, 'paper').ndcg_ties).toBe(DEFAULT_CONFIG.ndcg_ties);
    expect(PRESETS.paper.description).toMatch(/ndcg_ties/);
  });
  it('presets override only what they change, and say why', () => {
    for (const p of Object.values(PRESETS)) {
      expect(Object.keys(p.why).sort()).toEqual(Object.keys(p.overrides).sort());
      const cfg = resolveConfig({}, p.name);
      for (const [k, v] of Object.entries(cfg)) {
        const expected = k in p.overrides ? (p.overrides as Record<string, unknown>)[k] : (DEFAULT_CONFIG as unknown as Record<string, unknown>)[k];
        expect(v).toEqual(expected);
      }
    }
    expect(resolveConfig({}, 'classroom')).toMatchObject({ num_generations: 4, learning_rate: 1e-3 });
  });
  it('the lesson preset: its per-agent rates fill a partial object, and letters asked for drop its answer grounding', () => {
    expect(resolveConfig({}, 'lesson')).toMatchObject({ learning_rate: 3e-4, learning_rate_scale: { extractor: 1, profiler: 3, retriever: 1 }, temperature: 0.9, match_threshold: 0.9, answer_grounding: 0.5 });
    // Rollouts at T 0.9 (README, session 26; 0.8 in session 25); the other presets train at the paper's 1.0, and a run can set its own.
    expect([resolveConfig({}, 'classroom').temperature, resolveConfig({}, 'paper').temperature, resolveConfig({ temperature: 1 }, 'lesson').temperature]).toEqual([1, 1, 1]);
    expect(resolveConfig({ learning_rate_scale: { extractor: 2 } }, 'lesson').learning_rate_scale).toEqual({ extractor: 2, profiler: 3, retriever: 1 });
    expect(resolveConfig({ answer_format: 'letter' }, 'lesson')).toMatchObject({ answer_format: 'letter', answer_grounding: 0 });
    expect(() => resolveConfig({ answer_format: 'letter', answer_grounding: 0.5 }, 'lesson')).toThrow(/needs answer_format "text"/);
    expect(isPresetName('lesson') && !isPresetName('huge')).toBe(true);
  });
  it('user overrides win over the preset; partial fixed_weights fill from defaults', () => {
    const cfg = resolveConfig({ beta: 0.04, num_generations: 6, fixed_weights: { retriever: 0.8 } }, 'classroom');
    expect(cfg).toMatchObject({ beta: 0.04, num_generations: 6, max_completion_length: 96 });
    expect(cfg.fixed_weights).toEqual({ extractor: 1 / 3, profiler: 1 / 3, retriever: 0.8 });
  });
  it('learning_rate_scale: one factor per agent, 1 each by default, partial objects fill, stored configs without it read 1', () => {
    expect(resolveConfig({}).learning_rate_scale).toEqual({ extractor: 1, profiler: 1, retriever: 1 });
    expect(resolveConfig({ learning_rate_scale: { profiler: 3 } }).learning_rate_scale).toEqual({ extractor: 1, profiler: 3, retriever: 1 });
    const stored: Record<string, unknown> = { ...DEFAULT_CONFIG };
    delete stored.learning_rate_scale;
    expect(validateConfig(stored).learning_rate_scale).toEqual({ extractor: 1, profiler: 1, retriever: 1 });
    const bad = (over: Record<string, unknown>) => () => resolveConfig(over);
    expect(bad({ learning_rate_scale: { profiler: 0 } })).toThrow(/"learning_rate_scale.profiler": expected a number in \(0, 100\]/);
    expect(bad({ learning_rate_scale: { retriever: 'x' } })).toThrow(/"learning_rate_scale.retriever"/);
    expect(bad({ learning_rate_scale: { judge: 2 } })).toThrow(/"learning_rate_scale.judge": not an agent/);
    expect(bad({ learning_rate_scale: [1, 2, 3] })).toThrow(/"learning_rate_scale": expected \{"extractor"/);
  });
  it('names the bad field and the fix', () => {
    const bad = (over: Record<string, unknown>) => () => resolveConfig(over);
    expect(bad({ epsilon: 2 })).toThrow(/"epsilon": 2 is out of range; use a number in \(0, 1\)/);
    expect(bad({ num_generations: 1 })).toThrow(/"num_generations".*≥ 2/);
    expect(bad({ num_generations: 2.5 })).toThrow(ConfigError);
    expect(bad({ loss_type: 'ppo' })).toThrow(/"loss_type": expected one of "grpo", "bnpo", "dr_grpo", "dapo", got "ppo"/);
    expect(bad({ scale_rewards: true })).toThrow(/use "group"/);
    expect(bad({ epsilon_high: -1 })).toThrow(/"epsilon_high"/);
    expect(bad({ fixed_weights: { critic: 1 } })).toThrow(/"fixed_weights.critic": not an agent/);
    expect(bad({ fixed_weights: 3 })).toThrow(/"fixed_weights"/);
    expect(bad({ independent_agent: 'judge' })).toThrow(/"independent_agent"/);
    expect(bad({ learning_rate: Number.NaN })).toThrow(/"learning_rate": expected a number/);
    expect(bad({ numGenerations: 4 })).toThrow(/"numGenerations": unknown setting/);
    expect(bad({ num_generation: 4 })).toThrow(/Did you mean "num_generations"/);
    expect(() => resolveConfig({}, 'huge' as never)).toThrow(/unknown preset "huge"/);
    expect(() => validateConfig({ ...DEFAULT_CONFIG, top_p: undefined })).toThrow(/"top_p"/);
    const caught = (() => {
      try {
        resolveConfig({ temperature: 0 });
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).data.field).toBe('temperature');
  });
  it('derives ε_high and which agents train', () => {
    expect(epsilonHigh({ epsilon: 0.2, epsilon_high: null })).toBe(0.2);
    expect(epsilonHigh({ epsilon: 0.2, epsilon_high: 0.28 })).toBe(0.28);
    expect(trainedAgents({ credit_mode: 'adaptive', independent_agent: 'profiler' }, 1)).toEqual(['extractor', 'profiler', 'retriever']);
    expect(trainedAgents({ credit_mode: 'independent', independent_agent: 'profiler' }, 2)).toEqual(['profiler']);
    expect([1, 2, 3, 4, 5].map((s) => trainedAgents({ credit_mode: 'independent', independent_agent: 'all' }, s))).toEqual([['extractor'], ['profiler'], ['retriever'], ['extractor'], ['profiler']]);
    expect(DEFAULT_CONFIG.independent_agent).toBe('all');
    expect(resolveConfig({ independent_agent: 'retriever' }).independent_agent).toBe('retriever');
  });
  it('chunked extraction is off by default and for stored configs that predate it; a bad chunk size is named', () => {
    expect(DEFAULT_CONFIG.chunk_tokens).toBeNull();
    const stored: Record<string, unknown> = { ...DEFAULT_CONFIG };
    delete stored.chunk_tokens;
    delete stored.memory_tokens;
    expect(validateConfig(stored)).toEqual(validateConfig(DEFAULT_CONFIG));
    expect(resolveConfig({ chunk_tokens: 256, memory_tokens: 64 })).toMatchObject({ chunk_tokens: 256, memory_tokens: 64 });
    expect(() => resolveConfig({ chunk_tokens: 0 })).toThrow(/chunk_tokens.*null \(chunked extraction off\) or a whole number/);
    expect(() => resolveConfig({ chunk_tokens: 'big' })).toThrow(ConfigError);
    expect(() => resolveConfig({ memory_tokens: 2.5 })).toThrow(/memory_tokens/);
  });
  it('answer grounding is off (the paper\'s Eq. 11) by default and for stored configs; it needs text answers', () => {
    expect(DEFAULT_CONFIG.answer_grounding).toBe(0);
    const stored: Record<string, unknown> = { ...DEFAULT_CONFIG };
    delete stored.answer_grounding;
    expect(validateConfig(stored).answer_grounding).toBe(0);
    expect(resolveConfig({ answer_format: 'text', answer_grounding: 0.5 }).answer_grounding).toBe(0.5);
    expect(() => resolveConfig({ answer_grounding: 0.5 })).toThrow(/answer_grounding.*needs answer_format "text"/);
    expect(() => resolveConfig({ answer_format: 'text', answer_grounding: 1.5 })).toThrow(/answer_grounding.*in \[0, 1\]/);
  });
});

import { describe, expect, it } from 'vitest';
import { metricsAt } from '../store/run.testkit';
import { modelCard } from './modelCard';
import { runRecord } from './testkit';

describe('model card', () => {
  it('names the base model, the dataset, the settings, the steps and the final metrics', () => {
    const run = runRecord('run-7', 12);
    const card = modelCard(run, ['extractor', 'retriever'], 10, metricsAt(12, 0.625));
    expect(card).toMatch(/^---\nbase_model: tiny-llama-f32\nlibrary_name: peft/);
    expect(card).toContain("the lab's bundled model `bundled:tiny-llama-f32`");
    expect(card).toContain('synthetic lesson world, seed 1: 24 personas × 4 sessions × 6 turns');
    expect(card).toContain('| num_generations (G) | 2 |');
    expect(card).toContain('| LoRA r / lora_alpha | 4 / 8 |');
    expect(card).toContain('Steps stored: 12. Adapters from step 10');
    expect(card).toContain('| accuracy (global reward, mean over the step) | 0.625 |');
    expect(card).toContain('- `retriever/`');
    expect(card).not.toContain('- `profiler/`');
  });
  it('gives each agent’s learning rate when they differ', () => {
    const run = runRecord('run-7', 12);
    expect(modelCard(run, ['profiler'], 10, undefined)).toContain('| learning_rate | 1.000e-6 |');
    run.setup.rl.learning_rate_scale = { extractor: 1, profiler: 3, retriever: 1 };
    expect(modelCard(run, ['profiler'], 10, undefined)).toContain('| learning_rate | 1.000e-6 (extractor ×1, profiler ×3, retriever ×1) |');
  });
});

// e2e (production build): the setup panel validates inline, the whole setup round-trips through a
// copied link, bad URL parameters show a message, and the layout fits 1280×720 and 1920×1080.
import type { Page } from '@playwright/test';
import { attachScreenshot, RunControlsPanel, SetupPanel } from './dashboard.fixtures';
import { expect, test } from './fixtures';

test('num_generations = 1 shows its validation message and Start stays disabled', async ({ page, consoleErrors }) => {
  await page.goto('/');
  const setup = new SetupPanel(page);
  const controls = new RunControlsPanel(page);
  await expect(setup.valid()).toBeVisible();
  await setup.field('rl.num_generations').fill('1');
  await expect(setup.problem('rl.num_generations')).toContainText('Config field "num_generations": 1 is out of range; use a number that is a whole number ≥ 2');
  await expect(setup.field('rl.num_generations')).toHaveAttribute('aria-invalid', 'true');
  await expect(setup.problems()).toHaveAttribute('data-count', '1');
  await expect(controls.button('start')).toBeDisabled();
  await setup.field('rl.num_generations').fill('4');
  await expect(setup.problem('rl.num_generations')).toHaveCount(0);
  await expect(setup.valid()).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('the copied setup link opens a new page with the same settings', async ({ page, context, consoleErrors }) => {
  await page.goto('/');
  const setup = new SetupPanel(page);
  await setup.preset('classroom').click();
  await setup.field('dataset.seed').fill('17');
  await setup.field('dataset.personas').fill('2');
  await setup.field('dataset.distractorRatio').fill('0.1');
  await setup.field('precision').selectOption('int8');
  await setup.field('judge.kind').selectOption('frozen-base');
  await setup.field('rl.credit_mode').selectOption('fixed');
  await setup.field('rl.fixed_weights.profiler').fill('0.5');
  await setup.field('rl.beta').fill('0.04');
  await setup.field('rl.learning_rate_scale.profiler').fill('3');
  await setup.field('rl.loss_type').selectOption('bnpo');
  await setup.field('lora.targets.k_proj').check();
  await setup.field('seed').fill('123');
  await setup.field('prompts.profiler.toggle').click();
  await setup.field('prompts.profiler').fill('Profile this memory, briefly:\n{{memory}}\n& done?');
  await expect(setup.valid()).toBeVisible();
  const link = await setup.copiedLink();
  expect(link).toContain('rl.num_generations=4');
  expect(link).toContain('rl.learning_rate_scale=1%2C3%2C1');

  const other = await context.newPage();
  await other.goto(link);
  const again = new SetupPanel(other);
  await expect(again.valid()).toBeVisible();
  await expect(other.getByTestId('url.problems')).toHaveCount(0);
  const fields = ['dataset.seed', 'dataset.personas', 'dataset.distractorRatio', 'rl.num_generations', 'rl.learning_rate', 'rl.max_completion_length', 'rl.beta', 'rl.fixed_weights.profiler', 'rl.learning_rate_scale.profiler', 'seed'];
  for (const f of fields) await expect(again.field(f), f).toHaveValue(await setup.field(f).inputValue());
  for (const f of ['precision', 'judge.kind', 'rl.credit_mode', 'rl.loss_type']) await expect(again.field(f), f).toHaveValue(await setup.field(f).inputValue());
  await expect(again.field('lora.targets.k_proj')).toBeChecked();
  await expect(again.field('prompts.profiler')).toHaveValue('Profile this memory, briefly:\n{{memory}}\n& done?');
  expect(await again.copiedLink()).toBe(link);
  expect(consoleErrors).toEqual([]);
});

test('the precision of the frozen base shows the bundled model’s weight memory at f32, int8 and int4', async ({ page, consoleErrors }) => {
  await page.goto('/');
  const setup = new SetupPanel(page);
  const table = page.getByTestId('setup.precision.memory');
  await expect(table).toHaveAttribute('data-status', 'ok');
  // The bundled models' weights (comam-lesson and comam-tiny have the same shape) as the engine packs them (src/model/memoryEstimate.engine.test.ts checks these against a real load).
  await expect(page.getByTestId('setup.precision.memory.f32')).toContainText('1.12 MB100.0%');
  await expect(page.getByTestId('setup.precision.memory.int8')).toContainText('296 kB26.5%');
  await expect(page.getByTestId('setup.precision.memory.int4')).toContainText('176 kB15.8%');
  await expect(page.getByTestId('setup.precision.memory.f32')).toHaveAttribute('aria-current', 'true');
  await setup.field('precision').selectOption('int4');
  await expect(page.getByTestId('setup.precision.memory.int4')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('setup.precision.memory.f32')).not.toHaveAttribute('aria-current', 'true');
  expect(consoleErrors).toEqual([]);
});

test('the page starts on the restated lesson and its model; the plain lesson moves to its own, through the copied link and back', async ({ page, context, consoleErrors }) => {
  await page.goto('/');
  const setup = new SetupPanel(page);
  // The default: the restated lesson of four sessions, its bundled model and the lesson preset (γ 0.5, the Profiler at ×3, τ 0.9).
  await expect(setup.field('dataset.restate')).toBeChecked();
  await expect(setup.field('dataset.sessionsPerPersona')).toHaveValue('4');
  await expect(setup.field('model.name')).toHaveValue('comam-lesson-sessions');
  await expect(setup.field('rl.answer_grounding')).toHaveValue('0.5');
  await expect(setup.field('rl.learning_rate_scale.profiler')).toHaveValue('3');
  await expect(setup.field('rl.match_threshold')).toHaveValue('0.9');
  // The restated model is served: its config loads and its weight memory shows (the same shape as the lesson's).
  await expect(page.getByTestId('setup.precision.memory')).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('setup.precision.memory.f32')).toContainText('1.12 MB100.0%');
  await expect(setup.valid()).toBeVisible();
  const link = await setup.copiedLink();
  expect(link).toContain('dataset.restate=1');
  expect(link).toContain('rl.answer_grounding=0.5');
  // The plain lesson: its own model and three sessions; its copied link names no restatement and opens as the plain lesson.
  await setup.field('dataset.restate').uncheck();
  await expect(setup.field('model.name')).toHaveValue('comam-lesson');
  await expect(setup.field('dataset.sessionsPerPersona')).toHaveValue('3');
  await expect(setup.valid()).toBeVisible();
  const plainLink = await setup.copiedLink();
  expect(plainLink).not.toContain('restate');
  const plain = await context.newPage();
  await plain.goto(plainLink);
  const plainAgain = new SetupPanel(plain);
  await expect(plainAgain.field('dataset.restate')).not.toBeChecked();
  await expect(plainAgain.field('model.name')).toHaveValue('comam-lesson');
  await expect(plainAgain.field('dataset.sessionsPerPersona')).toHaveValue('3');
  // The default's link opens restated, on its model, with its grounding.
  const other = await context.newPage();
  await other.goto(link);
  const again = new SetupPanel(other);
  await expect(again.field('dataset.restate')).toBeChecked();
  await expect(again.field('dataset.sessionsPerPersona')).toHaveValue('4');
  await expect(again.field('model.name')).toHaveValue('comam-lesson-sessions');
  await expect(again.field('rl.answer_grounding')).toHaveValue('0.5');
  await setup.field('dataset.restate').check();
  await expect(setup.field('model.name')).toHaveValue('comam-lesson-sessions');
  await expect(setup.field('dataset.sessionsPerPersona')).toHaveValue('4');
  // A model the person typed stays when the restatement goes.
  await setup.field('model.name').fill('comam-tiny');
  await setup.field('dataset.restate').uncheck();
  await expect(setup.field('model.name')).toHaveValue('comam-tiny');
  expect(consoleErrors).toEqual([]);
});

test('unknown and invalid URL parameters give a visible message, not a crash', async ({ page, consoleErrors }) => {
  await page.goto('/?rl.num_generations=1&precision=fp16&rl.beta=abc&bogus=1');
  const setup = new SetupPanel(page);
  const problems = page.getByTestId('url.problems');
  await expect(problems).toContainText('Unknown URL parameter "bogus" was ignored');
  await expect(problems).toContainText('URL parameter "precision": "fp16" is not one of f32, int8, int4; kept "f32"');
  await expect(problems).toContainText('URL parameter "rl.beta": "abc" is not a number; kept 0');
  await expect(setup.field('precision')).toHaveValue('f32');
  await expect(setup.problem('rl.num_generations')).toContainText('"num_generations": 1 is out of range');
  expect(consoleErrors).toEqual([]);
});

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  test(`layout fits ${size.width}×${size.height}: controls, setup beside the dataset, the charts at #live, no sideways scroll`, async ({ page }, testInfo) => {
    await page.setViewportSize(size);
    await page.goto('/');
    const setup = new SetupPanel(page);
    await expect(setup.valid()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const inView = async (ids: string[]) => {
      for (const id of ids) {
        const box = await page.getByTestId(id).boundingBox();
        expect(box, id).not.toBeNull();
        expect(box!.x + box!.width, id).toBeLessThanOrEqual(size.width);
        expect(box!.y, id).toBeLessThan(size.height);
      }
    };
    await inView(['nav', 'controls.panel', 'setup.panel', 'dataset.panel', 'controls.start']);
    const setupBox = (await page.getByTestId('setup.panel').boundingBox())!;
    const datasetBox = (await page.getByTestId('dataset.panel').boundingBox())!;
    expect(datasetBox.x).toBeGreaterThanOrEqual(setupBox.x + setupBox.width);
    // The charts are one click (or #live) away, below the sticky bar that keeps the controls in view.
    await page.getByTestId('nav.live').click();
    await inView(['nav', 'controls.panel', 'controls.start', 'charts.panel', 'chart.local']);
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('button, input, select, textarea')]
        .filter((el) => {
          const e = el as HTMLElement;
          const labelled = e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || (e as HTMLInputElement).labels?.length || e.textContent?.trim();
          return !labelled;
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
    await attachScreenshot(page, testInfo, `dashboard-${size.width}x${size.height}`);
  });
}

/** A Hugging Face hub answering for one repository (listing and config.json only), with CORS for the isolated page. */
async function fakeHub(page: Page, repo: string, config: object): Promise<string[]> {
  const requested: string[] = [];
  const cors = { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' };
  await page.route('https://huggingface.co/**', async (route) => {
    const url = route.request().url();
    requested.push(url);
    if (url.startsWith(`https://huggingface.co/api/models/${repo}/tree/main`)) {
      const body = JSON.stringify([
        { type: 'file', path: 'config.json', size: JSON.stringify(config).length },
        { type: 'file', path: 'model.safetensors', size: 988_097_824, lfs: { oid: 'a'.repeat(64), size: 988_097_824 } },
        { type: 'file', path: 'tokenizer.json', size: 7_031_645 },
        { type: 'file', path: 'README.md', size: 1000 },
      ]);
      await route.fulfill({ status: 200, headers: { ...cors, 'content-type': 'application/json' }, body });
    } else if (url === `https://huggingface.co/${repo}/resolve/main/config.json`) {
      await route.fulfill({ status: 200, headers: { ...cors, 'content-type': 'application/json' }, body: JSON.stringify(config) });
    } else {
      await route.fulfill({ status: 404, headers: cors, body: 'not found' });
    }
  });
  return requested;
}

test('a Hugging Face model over the GPU-memory limit is refused before its weights download', async ({ page }) => {
  const repo = 'Qwen/Qwen2.5-0.5B';
  const requested = await fakeHub(page, repo, {
    model_type: 'qwen2',
    vocab_size: 151936,
    hidden_size: 896,
    intermediate_size: 4864,
    num_hidden_layers: 24,
    num_attention_heads: 14,
    num_key_value_heads: 2,
    tie_word_embeddings: true,
  });
  await page.goto(`/?model=hub:${repo}@main&precision=f32`);
  const setup = new SetupPanel(page);
  await expect(setup.problem('model.check')).toContainText('Check the model');
  await setup.field('model.check').click();
  await expect(setup.field('model.parameters')).toHaveText('494.0 M');
  await expect(setup.field('model.download')).toHaveText('995 MB (3 files)');
  await expect(setup.problem('model.check')).toContainText('over the limit of 2.00 GB');
  await expect(setup.problem('model.check')).toContainText('it will not be downloaded');
  await setup.preset('classroom').click();
  await setup.field('precision').selectOption('int4');
  await expect(setup.problem('model.check')).toHaveCount(0);
  await expect(setup.valid()).toBeVisible();
  expect(requested.some((u) => u.endsWith('.safetensors'))).toBe(false);
});

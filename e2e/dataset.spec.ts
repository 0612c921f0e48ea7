// e2e: the Dataset panel generates a world in the import worker, stores it, and shows a question's
// evidence highlighted in its history; a real PersonaMem import works and a bad one names its fault.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { generateWorld } from '../src/env/generator';
import { contextsFor, FIXTURE_QUESTIONS } from '../src/env/testSupport';
import { writeContextsJsonl, writeQuestionsCsv } from '../src/env/writeV1';
import { expect, test as base } from './fixtures';

class DatasetPanel {
  constructor(private readonly page: Page) {}
  readonly job = () => this.page.getByTestId('dataset.job');
  readonly item = (id: string) => this.page.getByTestId(`dataset.item.${id}`);
  readonly persona = (id: string) => this.page.getByTestId(`dataset.persona.${id}`);
  readonly question = (id: string) => this.page.getByTestId(`dataset.question.${id}`);
  readonly questions = () => this.page.locator('[data-testid^="dataset.question."]');
  readonly turn = (id: string) => this.page.getByTestId(`turn.${id}`);
  readonly evidence = () => this.page.getByTestId('dataset.evidence');
  async generate(seed: number): Promise<void> {
    await this.page.getByTestId('setup.dataset.seed').fill(String(seed));
    await this.page.getByTestId('dataset.generate').click();
    await expect(this.job()).toHaveAttribute('data-status', 'done');
  }
}

const test = base.extend<{ dataset: DatasetPanel }>({
  dataset: async ({ page }, use) => {
    await use(new DatasetPanel(page));
  },
});

test('generates a world, browses to a question and sees its evidence highlighted', async ({ page, dataset, consoleErrors }) => {
  await page.goto('/');
  await dataset.generate(7);
  await expect(page.getByTestId('dataset.list')).toContainText('lesson world (seed 7)');
  await dataset.persona('p0').click();
  await expect(page.getByTestId('dataset.profile')).toContainText('Gold profile');
  const latest = page.locator('[data-testid^="dataset.question."][data-type="acknowledge_latest_user_preferences"]').first();
  await latest.click();
  await expect(dataset.evidence()).toHaveAttribute('data-approximate', 'false');
  const highlighted = page.locator('[data-evidence="true"]');
  await expect(highlighted).toHaveCount(1);
  await expect(highlighted).toBeVisible();
  await expect(highlighted).toHaveClass(/evidence/);
  // The default lesson world states a latest preference plainly ("for food, i like japanese now.").
  await expect(highlighted).toContainText(/i like .* now\.|i switched to/);
  const correct = page.locator('[data-correct="true"]');
  await expect(correct).toHaveCount(1);
  const evidenceSession = await highlighted.evaluate((el) => el.closest('section')?.getAttribute('data-testid'));
  const otherSession = page.locator('[data-testid^="dataset.session."][data-open="false"]').first();
  await expect(otherSession).toBeVisible();
  await expect(otherSession.locator('li')).toHaveCount(0);
  await page.getByTestId('dataset.mode.train').check();
  await expect(highlighted).toBeVisible();
  await expect(page.locator('[data-testid^="dataset.session."]')).toHaveCount(1);
  await expect(page.locator('[data-testid^="dataset.session."]')).toHaveAttribute('data-testid', evidenceSession ?? '∅');
  expect(consoleErrors).toEqual([]);
});

test('imports the real 32k questions with a matching contexts file through the file picker', async ({ page, dataset }) => {
  const csv = readFileSync(FIXTURE_QUESTIONS);
  await page.goto('/');
  await page.getByTestId('dataset.files').setInputFiles([
    { name: 'questions_32k.csv', mimeType: 'text/csv', buffer: csv },
    { name: 'shared_contexts_32k.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(contextsFor(csv.toString('utf8'))) },
  ]);
  await expect(dataset.job()).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(dataset.job()).toContainText('589 questions');
  await dataset.persona('0').click();
  await dataset.question('acd74206-37dc-4756-94a8-b99a395d9a21').click();
  await expect(dataset.evidence()).toHaveAttribute('data-approximate', 'true');
  await expect(page.getByTestId('dataset.option.c')).toHaveAttribute('data-correct', 'true');
  await expect(page.locator('[data-evidence="true"]').first()).toBeVisible();
});

test('dropping a generated world\'s v1 files imports it with its gold evidence', async ({ page, dataset }) => {
  const world = generateWorld({ seed: 12, personas: 1, sessionsPerPersona: 3, turnsPerSession: 6 });
  const files = { csv: writeQuestionsCsv(world), jsonl: writeContextsJsonl(world) };
  await page.goto('/');
  const transfer = await page.evaluateHandle((f) => {
    const dt = new DataTransfer();
    dt.items.add(new File([f.csv], 'questions.csv', { type: 'text/csv' }));
    dt.items.add(new File([f.jsonl], 'shared_contexts.jsonl'));
    return dt;
  }, files);
  await page.getByTestId('dataset.drop').dispatchEvent('dragover', { dataTransfer: transfer });
  await page.getByTestId('dataset.drop').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(dataset.job()).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('dataset.list')).toContainText(`personamem-v1 · 1 personas · ${world.questions.length} questions`);
  await dataset.persona('p0').click();
  await dataset.question(world.questions[0].id).click();
  await expect(dataset.evidence()).toHaveAttribute('data-approximate', 'false');
  await expect(dataset.turn(world.questions[0].evidenceTurnIds[0])).toHaveAttribute('data-evidence', 'true');
});

test('a file with a __proto__ header is refused with a named error and nothing is stored', async ({ page, dataset }) => {
  await page.goto('/');
  await page.getByTestId('dataset.files').setInputFiles([
    { name: 'q.csv', mimeType: 'text/csv', buffer: Buffer.from('persona_id,__proto__\n1,2\n') },
    { name: 'c.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from('{}\n') },
  ]);
  await expect(dataset.job()).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('dataset.error')).toHaveAttribute('data-error', 'CsvHeaderError');
  await expect(page.getByTestId('dataset.error')).toContainText('q.csv, row 1, column "__proto__"');
  await expect(page.getByTestId('dataset.empty')).toBeVisible();
});

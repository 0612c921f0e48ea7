// e2e: the credit calculator widget shows the same JSON as `comam-lab credit` on the same input,
// and names the malformed field like the CLI does.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

class CreditPanel {
  constructor(private readonly page: Page) {}
  readonly input = () => this.page.getByTestId('credit.input');
  readonly output = () => this.page.getByTestId('credit.output');
  readonly error = () => this.page.getByTestId('credit.error');
  readonly weight = (agent: string) => this.page.getByTestId(`credit.weight.${agent}`);
}

function cli(group: string): { code: number; stdout: string; stderr: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'comam-e2e-credit-')), 'group.json');
  writeFileSync(file, group);
  try {
    const stdout = execFileSync(process.execPath, ['bin/comam-lab.mjs', 'credit', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

const GROUP = JSON.stringify({
  local: { extractor: [0.2, 0.9, 0.5, null, 0.1], profiler: [0.7, 0.1, 0.6, 0.3, 0.3], retriever: [1, 0, 0.5, 0.2, 0] },
  global: [1, 0, 1, 0, 0],
  mode: 'adaptive',
  credit_temperature: 0.5,
  scale_rewards: 'group',
});

test('the credit widget reproduces `comam-lab credit` on the same input', async ({ page, consoleErrors }) => {
  await page.goto('/');
  const credit = new CreditPanel(page);
  await credit.input().fill(GROUP);
  const run = cli(GROUP);
  expect(run.code).toBe(0);
  const fromCli = JSON.parse(run.stdout) as { weights: Record<string, number> };
  await expect(credit.weight('profiler')).toHaveText(fromCli.weights.profiler.toFixed(3));
  const shown = JSON.parse((await credit.output().textContent()) ?? '') as unknown;
  expect(shown).toEqual(fromCli);
  expect(consoleErrors).toEqual([]);
});

test('a malformed group names the field, as the CLI does', async ({ page }) => {
  await page.goto('/');
  const credit = new CreditPanel(page);
  const bad = JSON.stringify({ local: { extractor: [1, 0], profiler: [0, 'x'], retriever: [1, 0] }, global: [1, 0] });
  await credit.input().fill(bad);
  await expect(credit.error()).toContainText('Field "local.profiler[1]"');
  const run = cli(bad);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('Field "local.profiler[1]"');
});

// The rollout stepper, group view, credit calculator and memory bank on a real run: two steps of a
// tiny run trained in the page's trainer worker (fixture model on wasm, G = 2), then every number
// on screen compared with the records read back from IndexedDB, and the calculator with the CLI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import type { TrajectoryRecordRow } from '../src/homes/storage/db';
import { expect, test } from './fixtures';
import { routeFixtureModel, trainInPage, warmImports } from './trainer.fixtures';

const AGENTS = ['extractor', 'profiler', 'retriever'] as const;

/** The stepper's own modules, imported early so Vite's dependency optimizer settles before the test. */
const STEPPER_MODULES = ['homes/storage/runWorld', 'homes/browserDeps', 'run/trainer', 'rl/replay', 'model/backend'];

/** The stepper panel as a page object. */
class Stepper {
  constructor(private readonly page: Page) {}
  readonly panel = () => this.page.getByTestId('stepper.panel');
  readonly stage = () => this.page.getByRole('region', { name: 'Rollout state' });
  readonly value = (id: string) => this.page.getByTestId(id).first().getAttribute('data-value');
  async open(runId: string): Promise<void> {
    await this.panel().getByRole('button', { name: 'Refresh runs' }).click();
    await this.panel().getByRole('combobox', { name: 'Run', exact: true }).selectOption(runId);
    await expect(this.stage()).toBeVisible();
  }
  /** The step and group the stepper opened on (a run opens on its first instructive group). */
  async shown(): Promise<{ step: number; group: number }> {
    const step = Number(await this.panel().getByRole('combobox', { name: 'Step', exact: true }).inputValue());
    const group = Number(await this.panel().getByRole('combobox', { name: 'Question', exact: true }).inputValue());
    return { step, group };
  }
}

/** The stored rows of a step, read in the page from IndexedDB. */
function storedRows(page: Page, runId: string, step: number): Promise<TrajectoryRecordRow[]> {
  return page.evaluate(
    async ({ runId, step }) => {
      const { labDb } = (await import(/* @vite-ignore */ `/src/${'homes/storage/db'}.ts`)) as typeof import('../src/homes/storage/db');
      const { runTrajectories } = (await import(/* @vite-ignore */ `/src/${'homes/storage/runs'}.ts`)) as typeof import('../src/homes/storage/runs');
      return runTrajectories(labDb(), runId, step);
    },
    { runId, step },
  );
}

function cliCredit(group: string): unknown {
  const file = join(mkdtempSync(join(tmpdir(), 'comam-e2e-stepper-')), 'group.json');
  writeFileSync(file, group);
  return JSON.parse(execFileSync(process.execPath, ['bin/comam-lab.mjs', 'credit', file], { encoding: 'utf8' })) as unknown;
}

test.describe.serial('stepping through a trained run', () => {
  let context: BrowserContext;
  let page: Page;
  let runId: string;

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(600_000);
    context = await browser.newContext();
    await routeFixtureModel(context);
    page = await context.newPage();
    await page.goto('/?backend=wasm');
    await warmImports(page, STEPPER_MODULES);
    // wasm: the same trainer path as WebGPU, without SwiftShader's shader compiles on a busy machine.
    runId = await trainInPage(page, 'wasm');
  });

  test.afterAll(async () => {
    await context.close();
  });

  test('walks s0 → s3 with the keyboard; evidence marks, reward terms and the chosen option equal the stored record', async () => {
    const stepper = new Stepper(page);
    await stepper.open(runId);
    const shown = await stepper.shown();
    const [record] = (await storedRows(page, runId, shown.step)).filter((r) => r.group === shown.group && r.trajectory === 0);
    const expected = await page.evaluate(
      async ({ runId, questionId }) => {
        const { labDb } = (await import(/* @vite-ignore */ `/src/${'homes/storage/db'}.ts`)) as typeof import('../src/homes/storage/db');
        const { datasetOfRun, problemOf } = (await import(/* @vite-ignore */ `/src/${'homes/storage/runWorld'}.ts`)) as typeof import('../src/homes/storage/runWorld');
        const run = await labDb().runs.get(runId);
        if (!run) throw new Error('run not stored');
        const p = problemOf(await datasetOfRun(labDb(), run.setup.dataset), questionId);
        const ev = new Set(p.question.evidenceTurnIds);
        return { turns: p.history.length, evidence: p.history.map((t) => ev.has(t.id)), alpha: run.setup.rl.extraction_alpha };
      },
      { runId, questionId: record.question_id },
    );

    await stepper.stage().focus();
    await expect(stepper.stage()).toHaveAttribute('data-stage', '0');
    const turns = page.getByTestId('stepper.s0.turn');
    await expect(turns).toHaveCount(expected.turns);
    const marks = await turns.evaluateAll((els) => els.map((e) => e.getAttribute('data-evidence') === 'true'));
    expect(marks).toEqual(expected.evidence);

    await page.keyboard.press('ArrowRight');
    await expect(stepper.stage()).toHaveAttribute('data-stage', '1');
    expect(await stepper.value('stepper.s1.stored')).toBe(String(record.local.extractor));
    expect(await stepper.value('stepper.s1.reward')).toBe(String(record.local.extractor));
    await expect(page.getByTestId('stepper.s1.stored')).toHaveAttribute('data-agrees', 'true');
    const coverage = Number(await stepper.value('stepper.s1.coverage'));
    const jaccard = Number(await stepper.value('stepper.s1.jaccard'));
    if (Number.isFinite(record.local.extractor)) expect(expected.alpha * coverage + (1 - expected.alpha) * jaccard).toBeCloseTo(record.local.extractor, 12);
    const lines = page.getByTestId('stepper.s1.line');
    const matched = await lines.evaluateAll((els) => els.filter((e) => e.getAttribute('data-match') === 'evidence').length);
    await expect(page.getByTestId('stepper.s1.matched')).toContainText(`${matched} of ${await lines.count()} lines`);

    await page.keyboard.press('ArrowRight');
    await expect(stepper.stage()).toHaveAttribute('data-stage', '2');
    expect(await stepper.value('stepper.s2.score')).toBe(String(record.local.profiler));
    await expect(page.getByTestId('stepper.s2.judge')).toHaveText('rubric');
    await expect(page.getByTestId('stepper.s2.explanation')).toContainText(record.judge?.explanation ?? 'missing');

    await page.keyboard.press('ArrowRight');
    await expect(stepper.stage()).toHaveAttribute('data-stage', '3');
    const chosen = await page.locator('[data-testid^="stepper.s3.option."]').evaluateAll((els) => els.map((e) => e.getAttribute('data-chosen') === 'true'));
    expect(chosen).toEqual([0, 1, 2, 3].map((i) => record.choice === i));
    expect(await stepper.value('stepper.s3.global')).toBe(String(record.global));
    expect(await stepper.value('stepper.s3.stored-global')).toBe(String(record.global));
    await page.keyboard.press('ArrowRight');
    await expect(stepper.stage()).toHaveAttribute('data-stage', '3');

    await page.getByRole('checkbox', { name: 'Colour tokens by log-probability' }).check();
    const tokens = page.getByTestId('stepper.tokens.retriever').locator('span');
    await expect(tokens).toHaveCount(record.logprobs.retriever.length);
    expect(await tokens.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-logprob'))))).toEqual(record.logprobs.retriever);
    await stepper.stage().focus();
    await page.keyboard.press('ArrowLeft');
    await expect(stepper.stage()).toHaveAttribute('data-stage', '2');
  });

  test('the group view sorted by the global reward shows the stored ranks and weights; the calculator gives what `comam-lab credit` gives', async () => {
    const stepper = new Stepper(page);
    await stepper.open(runId);
    const opened = await stepper.shown();
    const group = (await storedRows(page, runId, opened.step)).filter((r) => r.group === opened.group);
    expect(group).toHaveLength(2);
    await page.getByRole('button', { name: 'Sort by global reward' }).click();
    const rows = page.getByTestId('stepper.group.row');
    await expect(rows).toHaveCount(2);
    const shown = await rows.evaluateAll((els) =>
      els.map((e) => ({
        trajectory: Number(e.getAttribute('data-trajectory')),
        rank: Number(e.querySelector('[data-testid="stepper.group.rank.global"]')?.getAttribute('data-value')),
        advantage: e.querySelector('[data-testid="stepper.group.advantage.extractor"]')?.getAttribute('data-value'),
      })),
    );
    const byRank = [...group].sort((a, b) => a.rank.global - b.rank.global || a.trajectory - b.trajectory);
    expect(shown).toEqual(byRank.map((r) => ({ trajectory: r.trajectory, rank: r.rank.global, advantage: String(r.advantage.extractor) })));
    const silent: (typeof AGENTS)[number][] = [];
    for (const n of AGENTS) {
      expect(await stepper.value(`stepper.group.weight.${n}`)).toBe(String(group[0].weights[n]));
      expect(await stepper.value(`stepper.group.ndcg.${n}`)).toBe(String(group[0].ndcg[n]));
      // An agent whose local rewards are all equal in the group (finite ones; or all undefined) has no ranking signal.
      const finite = group.map((r) => r.local[n]).filter((x) => Number.isFinite(x));
      const signal = finite.some((x) => x !== finite[0]);
      const cell = page.getByTestId(`stepper.group.ndcg.${n}`);
      await expect(cell).toHaveAttribute('data-signal', String(signal));
      if (!signal) {
        await expect(cell).toHaveText('no signal');
        silent.push(n);
      }
    }
    await expect(page.getByTestId('stepper.group.nosignal')).toHaveCount(silent.length > 0 ? 1 : 0);
    for (const n of silent) await expect(page.getByTestId('stepper.group.nosignal')).toContainText(`${n} (weight ${group[0].weights[n].toFixed(3)})`);
    await expect(page.getByTestId('stepper.group.check')).toHaveAttribute('data-ok', 'true');

    await page.getByRole('button', { name: 'Open this group in the credit calculator' }).click();
    const input = await page.getByTestId('credit.input').inputValue();
    expect(JSON.parse(input)).toMatchObject({ global: [...group].sort((a, b) => a.trajectory - b.trajectory).map((r) => r.global) });
    const fromCli = cliCredit(input) as { weights: Record<string, number> };
    const fromWidget = JSON.parse((await page.getByTestId('credit.output').textContent()) ?? '') as unknown;
    expect(fromWidget).toEqual(fromCli);
    for (const n of AGENTS) expect(fromCli.weights[n]).toBeCloseTo(group[0].weights[n], 12);
  });

  test('the memory bank lists items with provenance, search and agent filter narrow them, and a delete survives a reload', async () => {
    const bank = page.getByTestId('memory.panel');
    await bank.getByRole('button', { name: 'Refresh memory' }).click();
    await bank.getByRole('combobox', { name: 'Memory run' }).selectOption(runId);
    const stored = await page.evaluate(async (runId) => {
      const { labDb } = (await import(/* @vite-ignore */ `/src/${'homes/storage/db'}.ts`)) as typeof import('../src/homes/storage/db');
      return labDb().memoryItems.where('runId').equals(runId).toArray();
    }, runId);
    expect(stored.length).toBeGreaterThan(0);
    const items = bank.getByTestId('memory.item');
    await expect(items).toHaveCount(stored.length);
    const first = stored[0];
    await expect(bank.locator(`[data-testid="memory.item"][data-seq="${first.seq}"]`).getByTestId('memory.provenance')).toHaveText(
      `run ${runId} · step ${first.step} · question ${first.questionId} · trajectory #${first.trajectory + 1} · ${first.agent}`,
    );

    const needle = first.text;
    await bank.getByRole('searchbox', { name: 'Search memory' }).fill(needle);
    const hits = stored.filter((m) => m.text.toLowerCase().includes(needle.toLowerCase()));
    await expect(items).toHaveCount(hits.length);
    await bank.getByRole('searchbox', { name: 'Search memory' }).fill(`${needle} no such memory`);
    await expect(items).toHaveCount(0);
    await bank.getByRole('searchbox', { name: 'Search memory' }).fill('');
    await bank.getByRole('combobox', { name: 'Memory agent' }).selectOption('profiler');
    await expect(items).toHaveCount(stored.filter((m) => m.agent === 'profiler').length);
    await bank.getByRole('combobox', { name: 'Memory agent' }).selectOption('');
    await expect(items).toHaveCount(stored.length);

    await bank.getByRole('button', { name: `Delete memory item ${first.seq}` }).click();
    await expect(items).toHaveCount(stored.length - 1);
    await page.reload();
    await warmImports(page, STEPPER_MODULES);
    await page.getByTestId('memory.panel').getByRole('button', { name: 'Refresh memory' }).click();
    await expect(page.getByTestId('memory.item')).toHaveCount(stored.length - 1);
    await expect(page.locator(`[data-testid="memory.item"][data-seq="${first.seq}"]`)).toHaveCount(0);
    const left = await page.evaluate(async (seq) => {
      const { labDb } = (await import(/* @vite-ignore */ `/src/${'homes/storage/db'}.ts`)) as typeof import('../src/homes/storage/db');
      return labDb().memoryItems.get(seq);
    }, first.seq ?? -1);
    expect(left).toBeUndefined();
  });

  test('replay runs the run adapters on a chosen history in a worker and shows the three outputs', async () => {
    test.setTimeout(180_000);
    const replay = page.getByTestId('replay.panel');
    await replay.getByRole('combobox', { name: 'Replay run' }).selectOption(runId);
    await expect(replay.getByRole('combobox', { name: 'Replay history' })).toBeVisible();
    await replay.getByRole('textbox', { name: 'Replay question' }).fill('Which drink would I pick?');
    await replay.getByRole('button', { name: 'Replay' }).click();
    await expect(page.getByTestId('replay.result')).toBeVisible({ timeout: 150_000 });
    for (const n of AGENTS) await expect(page.getByTestId(`replay.${n}`)).toBeAttached();
    await expect(page.getByTestId('replay.choice')).toContainText('Chosen option:');
    await expect(page.getByTestId('replay.error')).toHaveCount(0);
  });
});

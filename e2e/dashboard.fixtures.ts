// Page objects of the dashboard panels (setup, run controls, charts, history) and a screenshot helper
// that attaches to the test report, and a run's stored step metrics. Kept apart from fixtures.ts so panels from other branches merge cleanly.
import { expect, type Page, type TestInfo } from '@playwright/test';
import { DB_NAME } from '../src/homes/storage/db';
import type { StepMetrics } from '../src/run/records';

export class SetupPanel {
  constructor(private readonly page: Page) {}
  readonly panel = () => this.page.getByTestId('setup.panel');
  /** A field by its dotted RunSetup path, e.g. "rl.num_generations". */
  readonly field = (path: string) => this.page.getByTestId(`setup.${path}`);
  readonly problem = (path: string) => this.page.getByTestId(`setup.problem.${path}`);
  readonly problems = () => this.page.getByTestId('setup.problems');
  readonly valid = () => this.page.getByTestId('setup.valid');
  readonly preset = (name: string) => this.page.getByTestId(`setup.preset.${name}`);
  readonly copyLink = () => this.page.getByTestId('setup.copyLink');
  readonly link = () => this.page.getByTestId('setup.link');
  /** Clicks "Copy link" and returns the link of that click (not an earlier click's, still on screen). */
  async copiedLink(): Promise<string> {
    const note = this.page.getByTestId('setup.copyNote');
    const before = (await note.count()) > 0 ? Number(await note.getAttribute('data-copy')) : 0;
    await this.copyLink().click();
    await expect(note).toHaveAttribute('data-copy', String(before + 1));
    await expect(note).not.toHaveText('Copying…');
    return this.link().inputValue();
  }
}

export class RunControlsPanel {
  constructor(private readonly page: Page) {}
  readonly status = () => this.page.getByTestId('controls.status');
  readonly button = (action: 'start' | 'pause' | 'resume' | 'step' | 'stop') => this.page.getByTestId(`controls.${action}`);
  readonly progress = (phase: string) => this.page.getByTestId(`progress.${phase}`);
  readonly error = () => this.page.getByTestId('controls.error');
  /** The id of the run the status line names ("" when it names none). */
  async runId(): Promise<string> {
    return (await this.status().textContent())?.match(/run (run-[\w-]+)/)?.[1] ?? '';
  }
}

export class ChartsPanel {
  constructor(private readonly page: Page) {}
  readonly chart = (id: string) => this.page.getByTestId(`chart.${id}`);
  readonly showing = () => this.page.getByTestId('charts.showing');
  async points(id: string): Promise<number> {
    return Number(await this.chart(id).getAttribute('data-points'));
  }
  /** The point count once the (deferred) chart rendering has caught up: equal on two reads 500 ms apart. */
  async settledPoints(id: string): Promise<number> {
    let last = await this.points(id);
    for (let i = 0; i < 60; i++) {
      await this.page.waitForTimeout(500);
      const now = await this.points(id);
      if (now === last) return now;
      last = now;
    }
    throw new Error(`chart.${id} kept changing for 30 s`);
  }
  /** Drawn series of a chart: one per line, band or stacked area. */
  readonly curves = (id: string) => this.chart(id).locator('g.recharts-line, g.recharts-area');
}

export class HistoryPanel {
  constructor(private readonly page: Page) {}
  readonly row = (id: string) => this.page.getByTestId(`history.run.${id}`);
  readonly action = (id: string, what: 'open' | 'overlay' | 'delete' | 'confirmDelete' | 'cancelDelete') => this.page.getByTestId(`history.run.${id}.${what}`);
}

export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: false }), contentType: 'image/png' });
}

/** A run's stored step metrics, by step (Dexie's IndexedDB read without the app's modules: it works on the production build). */
export function storedMetrics(page: Page, runId: string): Promise<StepMetrics[]> {
  return page.evaluate(
    ({ dbName, runId }) =>
      new Promise<StepMetrics[]>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const get = open.result.transaction('metrics').objectStore('metrics').getAll();
          get.onerror = () => reject(new Error(String(get.error)));
          get.onsuccess = () => resolve((get.result as (StepMetrics & { runId: string })[]).filter((r) => r.runId === runId).sort((a, b) => a.step - b.step));
        };
      }),
    { dbName: DB_NAME, runId },
  );
}

// Page objects of the dashboard panels (setup, run controls, charts, history) and a screenshot helper
// that attaches to the test report. Kept apart from fixtures.ts so panels from other branches merge cleanly.
import type { Page, TestInfo } from '@playwright/test';

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
  async copiedLink(): Promise<string> {
    await this.copyLink().click();
    return this.link().inputValue();
  }
}

export class RunControlsPanel {
  constructor(private readonly page: Page) {}
  readonly status = () => this.page.getByTestId('controls.status');
  readonly button = (action: 'start' | 'pause' | 'resume' | 'step' | 'stop') => this.page.getByTestId(`controls.${action}`);
  readonly progress = (phase: string) => this.page.getByTestId(`progress.${phase}`);
  readonly error = () => this.page.getByTestId('controls.error');
}

export class ChartsPanel {
  constructor(private readonly page: Page) {}
  readonly chart = (id: string) => this.page.getByTestId(`chart.${id}`);
  readonly showing = () => this.page.getByTestId('charts.showing');
  async points(id: string): Promise<number> {
    return Number(await this.chart(id).getAttribute('data-points'));
  }
  /** Drawn series paths (lines and areas) of a chart. */
  readonly curves = (id: string) => this.chart(id).locator('path.recharts-curve');
}

export class HistoryPanel {
  constructor(private readonly page: Page) {}
  readonly row = (id: string) => this.page.getByTestId(`history.run.${id}`);
  readonly action = (id: string, what: 'open' | 'overlay' | 'delete' | 'confirmDelete' | 'cancelDelete') => this.page.getByTestId(`history.run.${id}.${what}`);
}

export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: false }), contentType: 'image/png' });
}

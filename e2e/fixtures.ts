// Shared e2e fixtures: page objects per panel, and console errors collected for every test.
import { test as base, expect, type Page } from '@playwright/test';

export class ComputePanel {
  constructor(private readonly page: Page) {}
  readonly backend = () => this.page.getByTestId('compute.backend');
  readonly matmul = () => this.page.getByTestId('compute.matmul');
  async waitReady(): Promise<void> {
    await expect(this.backend()).toHaveAttribute('data-status', /ready|failed/);
  }
}

export const test = base.extend<{ compute: ComputePanel; consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));
    await use(errors);
  },
  compute: async ({ page }, use) => {
    await use(new ComputePanel(page));
  },
});

export { expect };

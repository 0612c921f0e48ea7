// e2e (dev server): the differentiable GRPO loss gives the reference loss and gradient on tfjs's
// WebGPU backend in the browser, for every loss_type, with and without KL.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

interface Report {
  backend: string;
  ok: boolean;
  cases: { lossType: string; beta: number; maxError: number }[];
}

function runCheck(page: Page): Promise<Report> {
  return page.evaluate(async () => {
    // Source modules served by Vite; URLs in variables so TypeScript leaves them to the browser.
    const backendUrl = '/src/model/backend.ts';
    const checkUrl = '/src/rl/grpoCheck.ts';
    const backend = (await import(/* @vite-ignore */ backendUrl)) as { initBackend: (p: string) => Promise<unknown> };
    await backend.initBackend('webgpu');
    const check = (await import(/* @vite-ignore */ checkUrl)) as { grpoSelfCheck: () => Promise<Report> };
    return check.grpoSelfCheck();
  });
}

test('grpoLossTf matches the plain-array reference on WebGPU', async ({ page }) => {
  await page.goto('/');
  // The first import of a module may make Vite's dependency optimizer reload the page once; run again then.
  let report: Report | undefined;
  for (let attempt = 0; attempt < 3 && report === undefined; attempt++) {
    try {
      report = await runCheck(page);
    } catch (err) {
      if (!String(err).includes('Execution context was destroyed')) throw err;
      await page.waitForLoadState('load');
    }
  }
  expect(report).toBeDefined();
  const r = report as Report;
  expect(r.backend).toBe('webgpu');
  expect(r.cases).toHaveLength(8);
  expect(r.ok, JSON.stringify(r.cases)).toBe(true);
});

// Shared e2e fixtures: page objects per panel, console errors collected for every test, and a watch that
// fails any test in which a WebGPU error went uncaptured on any page or worker of its context.
import { test as base, expect, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';

export class ComputePanel {
  constructor(private readonly page: Page) {}
  readonly backend = () => this.page.getByTestId('compute.backend');
  readonly matmul = () => this.page.getByTestId('compute.matmul');
  readonly why = () => this.page.getByTestId('compute.why');
  readonly select = () => this.page.getByTestId('compute.select');
  readonly check = (backend: string) => this.page.getByTestId(`compute.check.${backend}`);
  async waitReady(): Promise<void> {
    await expect(this.backend()).toHaveAttribute('data-status', /ready|failed/);
  }
}

/**
 * What an uncaptured WebGPU error logs: the lab's device watch (pages and workers), the page hook below, and
 * Chromium's own console warning for it (Dawn's "- While calling [Device]…" / "…invalid due to a previous error").
 */
export const UNCAPTURED_GPU_ERROR = /WebGPU uncaptured|While calling \[|is invalid due to a previous error/;

/**
 * Runs in every page before its scripts: every GPUDevice a page requests logs its uncaptured errors.
 * (Workers cannot take init scripts; there the lab's own watch on every device it creates logs them.)
 */
function hookPageDevices(): void {
  const proto = (globalThis as { GPUAdapter?: { prototype: GPUAdapter } }).GPUAdapter?.prototype;
  if (!proto) return;
  const request: (this: GPUAdapter, desc?: GPUDeviceDescriptor) => Promise<GPUDevice> = Reflect.get(proto, 'requestDevice');
  proto.requestDevice = async function (this: GPUAdapter, desc?: GPUDeviceDescriptor) {
    const device = await request.call(this, desc);
    device.addEventListener('uncapturederror', (ev) => console.error(`WebGPU uncaptured error (page hook): ${ev.error.message}`));
    return device;
  };
}

/** Collect uncaptured WebGPU errors from every page of `context` (present and future) and their workers. */
export async function watchGpuErrors(context: BrowserContext, sink: string[]): Promise<void> {
  await context.addInitScript(hookPageDevices);
  const fromConsole = (where: () => string) => (msg: ConsoleMessage) => {
    if (UNCAPTURED_GPU_ERROR.test(msg.text())) sink.push(`${where()}: ${msg.text()}`);
  };
  const watchPage = (page: Page) => {
    const short = (url: string) => url.split('?')[0] ?? url;
    page.on('console', fromConsole(() => `page ${short(page.url())}`));
    page.on('worker', (worker) => worker.on('console', fromConsole(() => `worker ${short(worker.url())}`)));
  };
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
}

export const test = base.extend<{ compute: ComputePanel; consoleErrors: string[]; gpuErrors: string[] }>({
  gpuErrors: [
    async ({ context }, use) => {
      const errors: string[] = [];
      await watchGpuErrors(context, errors);
      await use(errors);
      expect(errors, 'uncaptured WebGPU errors in this test').toEqual([]);
    },
    { auto: true },
  ],
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

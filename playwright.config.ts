// e2e: Playwright drives the system's headless Chromium (never a downloaded browser) with WebGPU on,
// against `vite preview` of the production build.
import { defineConfig } from '@playwright/test';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const isCI = Boolean(process.env.CI);
/** Preview serves on E2E_PORT (default 4173), the dev server on E2E_PORT + 1, so checkouts side by side don't collide. */
const previewPort = Number(process.env.E2E_PORT ?? 4173);
const devPort = previewPort + 1;

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-features=Vulkan',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? '.test-results/e2e.json' }]],
  outputDir: 'test-results',
  projects: [
    { name: 'preview', testIgnore: /\.dev\.spec\.ts$/, use: { baseURL: `http://localhost:${previewPort}` } },
    // `*.dev.spec.ts` run against the dev server (what `npm start` serves): it keeps that server's
    // headers honest, and lets engine tests import source modules in the page with WebGPU.
    { name: 'dev', testMatch: /\.dev\.spec\.ts$/, use: { baseURL: `http://localhost:${devPort}` } },
  ],
  use: {
    headless: true,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
  },
  webServer: [
    {
      command: `node node_modules/vite/bin/vite.js preview --port ${previewPort} --strictPort --host localhost`,
      url: `http://localhost:${previewPort}`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `node node_modules/vite/bin/vite.js --port ${devPort} --strictPort --host localhost`,
      url: `http://localhost:${devPort}`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});

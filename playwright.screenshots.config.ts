// `npm run screenshots`: docs/screenshots/*.png of every dashboard section, normal and classroom mode, taken
// by e2e/dashboard.shots.ts against `vite preview` of the production build (a short real run on WebAssembly).
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './playwright.config';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  testMatch: /\.shots\.ts$/,
  timeout: 900_000,
  expect: { timeout: 120_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results/screenshots',
  use: { baseURL: `http://localhost:${port}`, headless: true, launchOptions: { executablePath, args: CHROMIUM_ARGS } },
  webServer: {
    command: `node node_modules/vite/bin/vite.js preview --port ${port} --strictPort --host localhost`,
    url: `http://localhost:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});

// The independent reference fixtures (../shared/fixtures/models) served to a page at /__fixtures__/…,
// for the engine and quantization specs that load them by URL.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

export const FIXTURES = join(process.cwd(), '..', 'shared', 'fixtures', 'models');

/** The fixture files the page may read, as URLs (ModelFiles.has answers from this, so no 404 probes). */
export function served(model: string): string[] {
  return readdirSync(join(FIXTURES, model), { recursive: true, encoding: 'utf8' }).map((rel) => `/__fixtures__/${model}/${rel}`);
}

/** Answer /__fixtures__/<model>/<file> from ../shared/fixtures/models (404 for anything else). */
export async function routeSharedFixtures(page: Page): Promise<void> {
  await page.route('**/__fixtures__/**', async (route) => {
    const rel = decodeURIComponent(new URL(route.request().url()).pathname.replace(/^\/__fixtures__\//, ''));
    const path = join(FIXTURES, rel);
    if (rel.includes('..') || !existsSync(path) || !statSync(path).isFile()) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, body: readFileSync(path), contentType: 'application/octet-stream' });
  });
}

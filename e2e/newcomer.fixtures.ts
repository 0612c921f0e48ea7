// Shared by the newcomer spec and the screenshot script: a quick run's URL on the bundled model, and
// checks a newcomer would make by eye (every disabled control says why; no y tick label is clipped).
import { expect, type Page } from '@playwright/test';
import { resolveConfig } from '../src/rl/config';
import { defaultSetup } from '../src/run/setup';
import { writeUrlState } from '../src/run/url';

/** Short templates with every slot: the steps stay a few seconds on WebAssembly. */
export const SHORT_PROMPTS = { extractor: 'H:\n{{history}}\nM:', profiler: 'M:\n{{memory}}\nP:', retriever: '{{memory}}|{{profile}}|{{question}}|{{options}}\nA:' };

export interface QuickRun {
  /** Checkpoint every N steps (a large N shows that Stop saves one). */
  checkpointEvery: number;
  /** The bundled model's real prompt templates (screenshots) or short ones (tests). */
  prompts: 'default' | 'short';
  maxCompletionLength: number;
  classroom?: boolean;
}

/** The URL (query only) of the classroom preset on a tiny world, the bundled default model, G = 2, run until stopped, on WebAssembly. */
export function quickRunUrl(r: QuickRun): string {
  const setup = defaultSetup();
  setup.rl = { ...resolveConfig({ answer_format: setup.rl.answer_format }, 'classroom'), num_generations: 2, max_completion_length: r.maxCompletionLength };
  setup.dataset = { kind: 'synthetic', seed: 3, personas: 2, sessionsPerPersona: 2, turnsPerSession: 4, distractorRatio: 0 };
  if (r.prompts === 'short') setup.prompts = { ...SHORT_PROMPTS };
  setup.questionsPerStep = 2;
  setup.steps = 0;
  setup.checkpointEvery = r.checkpointEvery;
  return `/?${writeUrlState(setup, 'wasm', { classroom: r.classroom ?? false })}`;
}

/** Every disabled button, input, select or textarea on the page has a title and an aria-describedby note saying why. */
export async function expectDisabledSayWhy(page: Page, where: string): Promise<number> {
  const silent = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('button, input, select, textarea')]
      .filter((el) => el.disabled)
      .filter((el) => {
        const note = el.getAttribute('aria-describedby')?.split(/\s+/).map((id) => document.getElementById(id)?.textContent?.trim() ?? '').join(' ').trim();
        return !el.title.trim() || !note;
      })
      .map((el) => el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.outerHTML.slice(0, 120)),
  );
  expect(silent, `disabled controls without a reason (${where})`).toEqual([]);
  return page.locator('button:disabled, input:disabled, select:disabled, textarea:disabled').count();
}

/** Chart y tick labels drawn, and those reaching past the left edge of their chart's SVG (clipped there). */
export function yTicks(page: Page): Promise<{ drawn: number; clipped: string[] }> {
  return page.evaluate(() => {
    // recharts draws tick labels in a z-index layer of the chart's own SVG.
    const labels = [...document.querySelectorAll<SVGTextElement>('[data-testid^="chart."] .recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value')];
    const clipped = labels
      .filter((t) => {
        const svg = t.closest('svg');
        return svg !== null && t.getBoundingClientRect().left < svg.getBoundingClientRect().left - 0.5;
      })
      .map((t) => `${t.closest('figure')?.getAttribute('data-testid')}: "${t.textContent}"`);
    return { drawn: labels.length, clipped };
  });
}

/** The global rewards of each stored group of a run, read from IndexedDB as the page stored them. */
export function storedGroupGlobals(page: Page, runId: string): Promise<number[][]> {
  return page.evaluate(
    (id) =>
      new Promise<number[][]>((resolve, reject) => {
        const open = indexedDB.open('comam-lab');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const all = open.result.transaction('trajectories').objectStore('trajectories').getAll();
          all.onerror = () => reject(new Error(String(all.error)));
          all.onsuccess = () => {
            const groups = new Map<string, number[]>();
            for (const r of all.result as { runId: string; step: number; group: number; trajectory: number; global: number }[]) {
              if (r.runId !== id) continue;
              const g = groups.get(`${r.step}:${r.group}`) ?? [];
              g[r.trajectory] = r.global;
              groups.set(`${r.step}:${r.group}`, g);
            }
            open.result.close();
            resolve([...groups.values()]);
          };
        };
      }),
    runId,
  );
}

// The import direction of src/ (docs/architecture.md "Layers"): one table, read by ESLint's import rule
// (eslint.config.js) and by the folder-cycle check (scripts/check-layers.mjs, a gate of `npm test`).
// A folder may import its own layer and the layers below it, never one above; within a layer no folder-level
// cycle of value imports. Tests, testkits and dev-only specs are outside the rule (they wire layers together).

/** Lowest first. `main.tsx` (the page's entry) sits above them all. */
export const LAYERS = [
  { name: 'core', folders: ['env', 'agents', 'rl', 'model', 'judge', 'protocol', 'labmodel'] },
  // experiments plan runs, so they build and check each through run/ like the page and the CLI; the
  // classroom tour reads a run's stored rows (run/records.ts).
  { name: 'run', folders: ['run', 'experiments', 'classroom'] },
  { name: 'homes', folders: ['homes', 'cli', 'export'] },
  { name: 'store', folders: ['store'] },
  { name: 'ui', folders: ['ui'] },
];

/** The layer index of a top-level folder of src/ (undefined: not in the table). */
export function layerOf(folder) {
  const i = LAYERS.findIndex((l) => l.folders.includes(folder));
  return i < 0 ? undefined : i;
}

/** The folders `folder` must not import: every folder of a higher layer. */
export function foldersAbove(folder) {
  const i = layerOf(folder);
  if (i === undefined) return [];
  return LAYERS.slice(i + 1).flatMap((l) => l.folders);
}

/** Files outside the rule: tests and test kits, as globs (ESLint) … */
export const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/*.testkit.ts', '**/testkit.ts', '**/testing/**'];

/** … and the same set as a test on a path (the folder-cycle check). */
export function isTestFile(path) {
  return /\.test\.tsx?$|\.testkit\.ts$|[/\\]testkit\.ts$|[/\\]testing[/\\]/.test(path);
}

// An experiment's results table as data, CSV and Markdown: one row per credit mode with accuracy
// (mean ± sd over seeds) overall and per question type, next to the paper's ablation numbers.

import type { ModeResult, Spread } from './aggregate';
import { paperFor, PAPER_SOURCE } from './paper';
import { MODE_LABELS } from './plan';

export interface ResultsTable {
  types: string[];
  rows: ModeResult[];
}

/** A cell for humans: "0.600 ± 0.141", "0.500" with one seed, "—" with none. */
export function formatSpread(s: Spread, digits = 3): string {
  if (s.n === 0 || !Number.isFinite(s.mean)) return '—';
  return Number.isFinite(s.sd) ? `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}` : s.mean.toFixed(digits);
}

const num = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '' : String(v));

/** Quote a CSV field when needed; a text field that a spreadsheet would run as a formula gets a leading apostrophe. */
function text(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Header: mode, label, seeds_done, seeds_planned, questions, accuracy_mean, accuracy_sd, then `<type>_mean`,
 * `<type>_sd` per question type, then the paper's paper_32k, paper_128k, paper_1m. Numbers at full precision;
 * an empty cell is "not available" (sd with one seed, a mode the paper has no row for).
 */
export function resultsToCsv(t: ResultsTable): string {
  const header = ['mode', 'label', 'seeds_done', 'seeds_planned', 'questions', 'accuracy_mean', 'accuracy_sd', ...t.types.flatMap((ty) => [`${ty}_mean`, `${ty}_sd`]), 'paper_32k', 'paper_128k', 'paper_1m'];
  const lines = [header.map(text).join(',')];
  for (const r of t.rows) {
    const p = paperFor(r.mode);
    const cells = [
      text(r.mode),
      text(MODE_LABELS[r.mode]),
      String(r.seedsDone),
      String(r.seedsPlanned),
      String(r.questions),
      num(r.overall.mean),
      num(r.overall.sd),
      ...t.types.flatMap((ty) => [num(r.byType[ty]?.mean), num(r.byType[ty]?.sd)]),
      num(p?.k32),
      num(p?.k128),
      num(p?.m1),
    ];
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

const md = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** A GitHub Markdown table with the paper's numbers and a source line under it. */
export function resultsToMarkdown(t: ResultsTable, title: string): string {
  const head = ['credit mode', 'seeds', 'accuracy', ...t.types, 'paper 32K', 'paper 128K', 'paper 1M'];
  const fmt = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(2));
  const lines = [
    `## ${md(title)}`,
    '',
    `| ${head.map(md).join(' | ')} |`,
    `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
  ];
  for (const r of t.rows) {
    const p = paperFor(r.mode);
    const cells = [MODE_LABELS[r.mode], `${r.seedsDone}/${r.seedsPlanned}`, formatSpread(r.overall), ...t.types.map((ty) => (r.byType[ty] ? formatSpread(r.byType[ty]) : '—')), fmt(p?.k32), fmt(p?.k128), fmt(p?.m1)];
    lines.push(`| ${cells.map(md).join(' | ')} |`);
  }
  lines.push('', `Accuracy on the validation split, mean ± sample sd over seeds. Paper: ${PAPER_SOURCE.citation}; ${PAPER_SOURCE.setting}.`, '');
  return lines.join('\n');
}

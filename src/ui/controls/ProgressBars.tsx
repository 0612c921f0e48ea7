// One labelled progress bar with numbers per long phase the trainer reports (download bytes, weight
// upload, backend start or shader compilation, sampling agent k of 3 for trajectory g of G, update, ...).

import { formatBytes } from '../../model/memoryEstimate';
import { useAppStore } from '../../store/app';
import { PHASE_ORDER, phaseTitle } from './phases';

function amount(n: number, unit: string): string {
  return unit === 'bytes' ? formatBytes(n) : `${n} ${unit}`;
}

export function ProgressBars() {
  const progress = useAppStore((s) => s.run.progress);
  const backend = useAppStore((s) => s.compute.report?.backend);
  const phases = PHASE_ORDER.filter((p) => progress[p] !== undefined);
  if (phases.length === 0) return null;
  return (
    <div className="progress-bars">
      {phases.map((phase) => {
        const p = progress[phase];
        if (!p) return null;
        const title = phaseTitle(phase, backend);
        const pct = p.total > 0 ? Math.min(100, (100 * p.done) / p.total) : 0;
        return (
          <div key={phase} className="progress-row" data-testid={`progress.${phase}`} data-done={p.done} data-total={p.total}>
            <span className="progress-title">{title}</span>
            <progress max={p.total > 0 ? p.total : 1} value={p.total > 0 ? p.done : 0} aria-label={`${title}: ${p.label}`} />
            <span className="progress-numbers">
              {amount(p.done, p.unit)} / {amount(p.total, p.unit)} ({pct.toFixed(0)}%){p.label ? ` · ${p.label}` : ''}
            </span>
          </div>
        );
      })}
    </div>
  );
}

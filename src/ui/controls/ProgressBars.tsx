// One labelled progress bar with numbers per long phase the trainer reports (download bytes, weight
// upload, shader compilation, sampling agent k of 3 for trajectory g of G, update, ...).

import { formatBytes } from '../../model/memoryEstimate';
import type { Phase } from '../../protocol/trainer';
import { useAppStore } from '../../store/app';

const PHASE_TITLES: Record<Phase, string> = {
  download: 'Model download',
  'load-weights': 'Weight upload',
  compile: 'Shader compilation',
  'cold-start': 'Cold-start SFT',
  sample: 'Sampling',
  score: 'Scoring',
  update: 'Update',
  checkpoint: 'Checkpoint',
  eval: 'Evaluation',
};

const ORDER = Object.keys(PHASE_TITLES) as Phase[];

function amount(n: number, unit: string): string {
  return unit === 'bytes' ? formatBytes(n) : `${n} ${unit}`;
}

export function ProgressBars() {
  const progress = useAppStore((s) => s.run.progress);
  const phases = ORDER.filter((p) => progress[p] !== undefined);
  if (phases.length === 0) return null;
  return (
    <div className="progress-bars">
      {phases.map((phase) => {
        const p = progress[phase];
        if (!p) return null;
        const pct = p.total > 0 ? Math.min(100, (100 * p.done) / p.total) : 0;
        return (
          <div key={phase} className="progress-row" data-testid={`progress.${phase}`} data-done={p.done} data-total={p.total}>
            <span className="progress-title">{PHASE_TITLES[phase]}</span>
            <progress max={p.total > 0 ? p.total : 1} value={p.total > 0 ? p.done : 0} aria-label={`${PHASE_TITLES[phase]}: ${p.label}`} />
            <span className="progress-numbers">
              {amount(p.done, p.unit)} / {amount(p.total, p.unit)} ({pct.toFixed(0)}%){p.label ? ` · ${p.label}` : ''}
            </span>
          </div>
        );
      })}
    </div>
  );
}

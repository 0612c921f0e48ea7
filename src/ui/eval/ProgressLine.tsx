// One labelled progress bar with numbers, for a long operation that reports done / total and a label
// (evaluation, an experiment's training and evaluation).

export function ProgressLine({ title, done, total, unit, label, testId }: { title: string; done: number; total: number; unit: string; label: string; testId: string }) {
  const pct = total > 0 ? Math.min(100, (100 * done) / total) : 0;
  return (
    <div className="progress-row" data-testid={testId} data-done={done} data-total={total}>
      <span className="progress-title">{title}</span>
      <progress max={total > 0 ? total : 1} value={total > 0 ? done : 0} aria-label={`${title}: ${label}`} />
      <span className="progress-numbers">
        {done} / {total} {unit} ({pct.toFixed(0)}%){label ? ` · ${label}` : ''}
      </span>
    </div>
  );
}

// One labelled progress bar for a long export or import (rows read, tables packed, rows written).

export interface TaskProgressState {
  done: number;
  total: number;
  label: string;
}

export function TaskProgress({ title, progress, testId }: { title: string; progress: TaskProgressState | undefined; testId: string }) {
  if (!progress) return null;
  const pct = progress.total > 0 ? Math.min(100, (100 * progress.done) / progress.total) : 0;
  return (
    <div className="progress-row" data-testid={testId} data-done={progress.done} data-total={progress.total}>
      <span className="progress-title">{title}</span>
      <progress max={progress.total > 0 ? progress.total : 1} value={progress.total > 0 ? progress.done : 0} aria-label={`${title}: ${progress.label}`} />
      <span className="progress-numbers">
        {progress.done} / {progress.total} ({pct.toFixed(0)}%) · {progress.label}
      </span>
    </div>
  );
}

// Shows which compute backend the lab runs on and whether its self-check passed.

import { describeBackend } from '../model/backendInfo';
import { useAppStore } from '../store/app';

export function ComputeBadge() {
  const compute = useAppStore((s) => s.compute);
  let label = 'Compute: probing…';
  if (compute.status === 'ready' && compute.report) label = `Compute: ${describeBackend(compute.report)}`;
  if (compute.status === 'failed') label = `Compute: unavailable (${compute.error?.message ?? 'unknown error'})`;
  const report = compute.report;
  return (
    <section className="compute" aria-label="Compute backend">
      <span data-testid="compute.backend" data-backend={report?.backend ?? ''} data-status={compute.status}>
        {label}
      </span>
      {report && (
        <span
          data-testid="compute.matmul"
          data-ok={String(report.matmulOk)}
          title="[[1,2],[3,4]]·[[5,6],[7,8]] computed on this backend"
        >
          self-check {report.matmulOk ? 'passed' : 'FAILED'}: [{report.matmul.join(', ')}]
        </span>
      )}
      <span data-testid="compute.isolated" data-isolated={String(compute.crossOriginIsolated)}>
        {compute.crossOriginIsolated ? 'cross-origin isolated (wasm threads on)' : 'not isolated (wasm threads off)'}
      </span>
      {report && report.fallbacks.length > 0 && (
        <span data-testid="compute.fallbacks">
          fell back from {report.fallbacks.map((f) => `${f.backend} (${f.error})`).join(', ')}
        </span>
      )}
    </section>
  );
}

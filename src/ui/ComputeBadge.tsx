// Shows which compute backend the lab runs on, why (when auto passed WebGPU over), every backend's
// self-check, and a selector that switches backend through the URL (a reload; stored data stays in IndexedDB).

import { BACKENDS, describeBackend, whyNotWebGpu, type BackendPreference } from '../model/backendInfo';
import { useAppStore } from '../store/app';
import { urlWithBackend } from '../run/url';
import { useWhyDisabled } from './whyDisabled';
import { BACKEND_NAMES, backendChecksSentence, selfCheckSentence } from './selfCheck';

const NAMES: Record<BackendPreference, string> = { auto: 'auto', ...BACKEND_NAMES };

export function ComputeBadge() {
  const compute = useAppStore((s) => s.compute);
  const running = useAppStore((s) => s.run.status === 'running' || s.run.status === 'loading');
  let label = 'Compute: probing…';
  if (compute.status === 'ready' && compute.report) label = `Compute: ${describeBackend(compute.report)}`;
  if (compute.status === 'failed') label = `Compute: unavailable (${compute.error?.message ?? 'unknown error'})`;
  const [selectWhy, whyNote] = useWhyDisabled(running && 'Pause or stop the run to switch backend.', 'Switching reloads the page on that backend; runs and datasets stay stored');
  const report = compute.report;
  const why = report ? whyNotWebGpu(report) : '';
  const others = report?.fallbacks.filter((f) => f.backend !== 'webgpu' || report.backend === 'webgpu') ?? [];
  const checkOf = (b: BackendPreference) => compute.checks?.find((c) => c.backend === b);
  const optionLabel = (b: BackendPreference) => {
    if (b === 'auto') return 'auto (a GPU first, then WebAssembly)';
    const c = checkOf(b);
    return c ? `${NAMES[b]}: ${c.ok ? 'self-check passed' : 'unavailable'}` : NAMES[b];
  };
  return (
    <section className="compute" aria-label="Compute backend">
      <span data-testid="compute.backend" data-backend={report?.backend ?? ''} data-status={compute.status}>
        {label}
      </span>
      {why && <span data-testid="compute.why">{why}</span>}
      <label>
        Backend{' '}
        <select
          data-testid="compute.select"
          value={compute.preference}
          {...selectWhy}
          onChange={(e) => window.location.assign(urlWithBackend(window.location.href, e.target.value as BackendPreference))}
        >
          {(['auto', ...BACKENDS] as const).map((b) => (
            <option key={b} value={b}>
              {optionLabel(b)}
            </option>
          ))}
        </select>
        {whyNote}
      </label>
      {report && (
        <span data-testid="compute.matmul" data-ok={String(report.matmulOk)} data-product={report.matmul.join(',')} title="[[1,2],[3,4]]·[[5,6],[7,8]] computed on this backend before anything else runs on it">
          {selfCheckSentence(report)}
          {compute.checks && ` ${backendChecksSentence(compute.checks)}`}
        </span>
      )}
      <span data-testid="compute.isolated" data-isolated={String(compute.crossOriginIsolated)}>
        {compute.crossOriginIsolated ? 'cross-origin isolated (wasm threads on)' : 'not isolated (wasm threads off)'}
      </span>
      {others.length > 0 && (
        <span data-testid="compute.fallbacks">
          fell back from {others.map((f) => `${f.backend} (${f.error})`).join(', ')}
        </span>
      )}
      {compute.checks && (
        <details data-testid="compute.checks">
          <summary>Backend self-checks</summary>
          <ul>
            {compute.checks.map((c) => (
              <li key={c.backend} data-testid={`compute.check.${c.backend}`} data-ok={String(c.ok)}>
                {NAMES[c.backend]}: {c.ok ? 'ok' : 'FAILED'} — {c.detail}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

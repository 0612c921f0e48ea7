// The live charts: the live run (or a past run opened from the history), optionally overlaid with a
// second run; smoothing; CSV of the series. Rendering is deferred so input stays responsive.

import { useDeferredValue, useId, useMemo, useState } from 'react';
import { useAppStore } from '../../store/app';
import { buildRows, CHARTS, DEFAULT_SMOOTHING } from './chartData';
import { ChartCard } from './ChartCard';
import { metricsToCsv } from './csv';
import { downloadBlob } from './exportFiles';
import { ReasonButton } from '../whyDisabled';

export function ChartsPanel() {
  const live = useAppStore((s) => s.run.metrics);
  const liveId = useAppStore((s) => s.run.runId);
  const viewed = useAppStore((s) => s.history.viewed);
  const overlay = useAppStore((s) => s.history.overlay);
  const viewRun = useAppStore((s) => s.viewRun);
  const overlayRun = useAppStore((s) => s.overlayRun);
  const classroom = useAppStore((s) => s.classroom);
  const [smoothing, setSmoothing] = useState(DEFAULT_SMOOTHING);
  const [bands, setBands] = useState(true);
  const sliderId = useId();
  const primary = viewed ? viewed.metrics : live;
  const primaryName = viewed ? `run ${viewed.summary.id}` : liveId ? `live run ${liveId}` : 'live run';
  const rows = useMemo(() => buildRows(primary, overlay?.metrics, smoothing), [primary, overlay, smoothing]);
  const shownRows = useDeferredValue(rows);
  const saveCsv = () => downloadBlob(new Blob([metricsToCsv(primary)], { type: 'text/csv' }), `${primaryName.replace(/\W+/g, '-')}-metrics.csv`);
  return (
    <section className="panel charts" aria-label="Training charts" data-testid="charts.panel">
      <div className="charts-head">
        <h2>
          Charts: <span data-testid="charts.showing">{primaryName}</span>
          {overlay && (
            <span data-testid="charts.overlayName">
              {' '}
              vs run {overlay.summary.id} (dashed)
            </span>
          )}
        </h2>
        <div className="charts-tools">
          <label htmlFor={sliderId}>Smoothing {smoothing.toFixed(2)}</label>
          <input id={sliderId} type="range" min={0} max={0.99} step={0.01} value={smoothing} data-testid="charts.smoothing" onChange={(e) => setSmoothing(Number(e.target.value))} />
          <label title="The lightly shaded band spans the step's lowest to highest reward; the line is the mean.">
            <input type="checkbox" data-testid="charts.bands" checked={bands} onChange={(e) => setBands(e.target.checked)} /> min–max bands
          </label>
          <ReasonButton data-testid="charts.csv" why={primary.length === 0 && 'No steps to save yet: start a run, or open one from the history.'} onClick={saveCsv}>
            Save series as CSV
          </ReasonButton>
          {viewed && (
            <button type="button" data-testid="charts.backToLive" onClick={() => void viewRun(undefined)}>
              Back to the live run
            </button>
          )}
          {overlay && (
            <button type="button" data-testid="charts.clearOverlay" onClick={() => void overlayRun(undefined)}>
              Remove overlay
            </button>
          )}
        </div>
      </div>
      {primary.length === 0 && (
        <p className="hint" data-testid="charts.empty">
          No steps yet: start a run, or open one from the history.
        </p>
      )}
      <div className="chart-grid">
        {CHARTS.map((spec) => (
          <ChartCard key={spec.id} spec={spec} rows={shownRows} overlay={overlay !== undefined} bands={bands} large={classroom} smoothed={smoothing > 0} />
        ))}
      </div>
    </section>
  );
}

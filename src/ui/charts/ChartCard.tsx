// One live chart: the series of a ChartSpec (light min–max bands when shown, stacked areas or lines),
// an overlay run dashed, with smoothing the raw values faint under the smoothed lines, exact values on hover, SI tick labels that fit the axis, and "Save PNG".
// `large` (classroom mode) draws bigger ticks, legend and plot.

import { memo, useRef, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { rawKey, type ChartSpec, type Row } from './chartData';
import { downloadBlob, svgToPng } from './exportFiles';
import { siTick } from './ticks';

/** Band fill opacity: light enough that the mean lines drawn over it stay the clearest marks. */
export const BAND_OPACITY = 0.08;
/** With smoothing on, each series' raw per-step values stay visible as a faint line under the smoothed one. */
export const RAW_OPACITY = 0.3;

function exact(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v);
  if (Array.isArray(v)) return v.map(exact).join(' – ');
  return String(v);
}

function ChartCardImpl({ spec, rows, overlay, bands, large, smoothed }: { spec: ChartSpec; rows: Row[]; overlay: boolean; bands: boolean; large: boolean; smoothed: boolean }) {
  const tick = { fontSize: large ? 16 : 12 };
  const box = useRef<HTMLDivElement>(null);
  const [note, setNote] = useState<string>();
  const savePng = async () => {
    const svg = box.current?.querySelector<SVGSVGElement>('svg.recharts-surface');
    if (!svg) {
      setNote('Nothing drawn yet to save.');
      return;
    }
    try {
      downloadBlob(await svgToPng(svg, spec.title), `chart-${spec.id}.png`);
      setNote(undefined);
    } catch (err) {
      setNote(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <figure className="chart" data-testid={`chart.${spec.id}`} data-points={rows.length} aria-label={spec.title}>
      <figcaption>
        <span>{spec.title}</span>
        <button type="button" data-testid={`chart.${spec.id}.png`} aria-label={`Save the ${spec.title} chart as PNG`} onClick={() => void savePng()}>
          PNG
        </button>
      </figcaption>
      {note && <p className="field-problem">{note}</p>}
      <div ref={box} className="chart-box">
        <ResponsiveContainer width="100%" height={large ? 260 : 180}>
          <ComposedChart data={rows} margin={{ top: 6, right: 14, bottom: 0, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e3e7eb" />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} tick={tick} tickFormatter={siTick} />
            <YAxis domain={spec.yDomain ?? ['auto', 'auto']} width={large ? 70 : 52} tick={tick} tickFormatter={siTick} />
            <Tooltip formatter={(v) => exact(v)} labelFormatter={(l) => (typeof l === 'number' || typeof l === 'string' ? `step ${l}` : l)} isAnimationActive={false} />
            <Legend wrapperStyle={{ fontSize: large ? 16 : 12 }} />
            {bands &&
              spec.series.map((s) =>
                s.band ? <Area key={s.band} dataKey={s.band} name={`${s.label} min–max`} stroke="none" fill={s.color} fillOpacity={BAND_OPACITY} isAnimationActive={false} legendType="none" connectNulls /> : null,
              )}
            {smoothed &&
              !spec.stacked &&
              spec.series.flatMap((s) =>
                [
                  { key: s.key, name: `${s.label} (raw)` },
                  ...(overlay ? [{ key: `b.${s.key}`, name: `${s.label} (overlay, raw)` }] : []),
                ].map((r) => <Line key={rawKey(r.key)} dataKey={rawKey(r.key)} name={r.name} stroke={s.color} strokeOpacity={RAW_OPACITY} strokeWidth={1} dot={false} isAnimationActive={false} legendType="none" connectNulls />),
              )}
            {spec.series.map((s) =>
              spec.stacked ? (
                <Area key={s.key} dataKey={s.key} name={s.label} stackId="stack" stroke={s.color} fill={s.color} fillOpacity={0.55} isAnimationActive={false} connectNulls />
              ) : (
                <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
              ),
            )}
            {overlay &&
              spec.series.map((s) => (
                <Line key={`b.${s.key}`} dataKey={`b.${s.key}`} name={`${s.label} (overlay)`} stroke={s.color} strokeDasharray="5 3" strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls />
              ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export const ChartCard = memo(ChartCardImpl);

// One live chart: the series of a ChartSpec (bands, stacked areas or lines), an overlay run dashed,
// exact values on hover, and "Save PNG".

import { memo, useRef, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartSpec, Row } from './chartData';
import { downloadBlob, svgToPng } from './exportFiles';

function exact(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v);
  if (Array.isArray(v)) return v.map(exact).join(' – ');
  return String(v);
}

function ChartCardImpl({ spec, rows, overlay }: { spec: ChartSpec; rows: Row[]; overlay: boolean }) {
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
        <ResponsiveContainer width="100%" height={170}>
          <ComposedChart data={rows} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e3e7eb" />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} tick={{ fontSize: 11 }} />
            <YAxis domain={spec.yDomain ?? ['auto', 'auto']} width={48} tick={{ fontSize: 11 }} tickFormatter={(v: number) => String(Number(v.toPrecision(3)))} />
            <Tooltip formatter={(v) => exact(v)} labelFormatter={(l) => (typeof l === 'number' || typeof l === 'string' ? `step ${l}` : l)} isAnimationActive={false} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {spec.series.map((s) =>
              s.band ? <Area key={s.band} dataKey={s.band} name={`${s.label} min–max`} stroke="none" fill={s.color} fillOpacity={0.15} isAnimationActive={false} legendType="none" connectNulls /> : null,
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

// The comparison as a bar chart: this lab's validation accuracy per credit mode (mean, with the
// spread over seeds as error bars) next to the paper's PersonaMem 32K ablation numbers.

import { Bar, BarChart, CartesianGrid, ErrorBar, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ModeResult } from '../../experiments/aggregate';
import { paperFor } from '../../experiments/paper';
import { MODE_LABELS } from '../../experiments/plan';

export interface BarRow {
  mode: string;
  lab: number | null;
  sd: number;
  paper: number | null;
}

export function barRows(rows: readonly ModeResult[]): BarRow[] {
  return rows.map((r) => ({
    mode: MODE_LABELS[r.mode],
    lab: Number.isFinite(r.overall.mean) ? r.overall.mean : null,
    sd: Number.isFinite(r.overall.sd) ? r.overall.sd : 0,
    paper: paperFor(r.mode)?.k32 ?? null,
  }));
}

export function ResultsChart({ rows, full }: { rows: readonly ModeResult[]; full: boolean }) {
  const data = barRows(rows);
  return (
    <figure className="chart" data-testid="experiments.chart" data-bars={data.filter((d) => d.lab !== null).length} aria-label="Accuracy per credit mode, this lab and the paper">
      <div className="chart-box">
        <ResponsiveContainer width="100%" height={full ? Math.max(320, window.innerHeight - 120) : 260}>
          <BarChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e3e7eb" />
            <XAxis dataKey="mode" tick={{ fontSize: full ? 16 : 11 }} />
            <YAxis domain={[0, 1]} width={44} tick={{ fontSize: full ? 16 : 11 }} tickFormatter={(v: number) => v.toFixed(1)} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} cursor={{ fill: 'rgb(31 111 235 / 8%)' }} isAnimationActive={false} />
            <Legend wrapperStyle={{ fontSize: full ? 16 : 12 }} />
            <Bar dataKey="lab" name="this lab: validation accuracy (mean ± sd over seeds)" fill="#1f6feb" isAnimationActive={false}>
              <ErrorBar dataKey="sd" width={6} stroke="#0b2e6b" />
            </Bar>
            <Bar dataKey="paper" name="paper: PersonaMem 32K (Qwen2.5)" fill="#9aa5b1" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

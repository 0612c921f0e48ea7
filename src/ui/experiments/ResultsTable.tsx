// The comparison as a table: per credit mode, seeds evaluated, accuracy (mean ± sd) overall and per
// question type, and the paper's numbers for the same ablation; plus the paper's whole ablation table.

import { formatSpread, type ResultsTable as Table } from '../../experiments/table';
import { PAPER_ABLATIONS, PAPER_SOURCE, paperFor } from '../../experiments/paper';
import { MODE_LABELS } from '../../experiments/plan';

const two = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(2));

export function ResultsTable({ table }: { table: Table }) {
  return (
    <table className="results" data-testid="experiments.table">
      <caption>Validation accuracy per credit mode (mean ± sd over seeds) and the paper’s PersonaMem numbers</caption>
      <thead>
        <tr>
          <th scope="col">credit mode</th>
          <th scope="col">seeds</th>
          <th scope="col">accuracy</th>
          {table.types.map((t) => (
            <th key={t} scope="col">
              {t.replace(/_/g, ' ')}
            </th>
          ))}
          <th scope="col">paper 32K</th>
          <th scope="col">paper 128K</th>
          <th scope="col">paper 1M</th>
        </tr>
      </thead>
      <tbody>
        {table.rows.map((r) => {
          const p = paperFor(r.mode);
          return (
            <tr key={r.mode} data-testid={`experiments.row.${r.mode}`} data-mean={Number.isFinite(r.overall.mean) ? String(r.overall.mean) : ''} data-seeds={r.seedsDone}>
              <th scope="row">{MODE_LABELS[r.mode]}</th>
              <td className="num">
                {r.seedsDone}/{r.seedsPlanned}
              </td>
              <td className="num">{formatSpread(r.overall)}</td>
              {table.types.map((t) => (
                <td key={t} className="num">
                  {r.byType[t] ? formatSpread(r.byType[t]) : '—'}
                </td>
              ))}
              <td className="num">{two(p?.k32)}</td>
              <td className="num">{two(p?.k128)}</td>
              <td className="num">{two(p?.m1)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function PaperTable() {
  return (
    <table className="results paper" data-testid="experiments.paper">
      <caption>
        The paper’s ablations: {PAPER_SOURCE.setting}. Source: {PAPER_SOURCE.citation}.
      </caption>
      <thead>
        <tr>
          <th scope="col">variant</th>
          <th scope="col">32K</th>
          <th scope="col">128K</th>
          <th scope="col">1M</th>
        </tr>
      </thead>
      <tbody>
        {PAPER_ABLATIONS.map((p) => (
          <tr key={p.label}>
            <th scope="row">{p.label}</th>
            <td className="num">{p.k32.toFixed(2)}</td>
            <td className="num">{p.k128.toFixed(2)}</td>
            <td className="num">{p.m1.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

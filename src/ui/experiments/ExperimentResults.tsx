// One experiment's results: its planned runs and their states, the table and bar chart next to the
// paper's ablations, and the table exported as CSV or Markdown.

import { useMemo } from 'react';
import { aggregate, typesOf } from '../../experiments/aggregate';
import { MODE_LABELS, type ExperimentRecord } from '../../experiments/plan';
import { resultsToCsv, resultsToMarkdown, type ResultsTable as Table } from '../../experiments/table';
import { downloadBlob } from '../charts/exportFiles';
import { FullscreenView } from '../classroom/FullscreenView';
import { ResultsChart } from './ResultsChart';
import { PaperTable, ResultsTable } from './ResultsTable';
import { ReasonButton } from '../whyDisabled';

const NOTHING_EVALUATED = 'No run of this experiment is evaluated yet.';

const STATE_TEXT = { planned: 'planned', training: 'training', trained: 'trained, not evaluated', done: 'evaluated', failed: 'failed' } as const;

export function ExperimentResults({ experiment }: { experiment: ExperimentRecord }) {
  const table: Table = useMemo(() => ({ types: typesOf(experiment.runs), rows: aggregate(experiment.runs, experiment.spec.modes) }), [experiment]);
  const file = experiment.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || experiment.id;
  const anyDone = experiment.runs.some((r) => r.state === 'done');
  return (
    <div className="experiment-results" data-testid={`experiments.results.${experiment.id}`}>
      <h3>{experiment.name}</h3>
      <table className="results runs">
        <caption>Planned runs, in order ({experiment.spec.base.steps} steps each, evaluated on {experiment.spec.evalLimit ?? 'all'} validation questions)</caption>
        <thead>
          <tr>
            <th scope="col">run</th>
            <th scope="col">state</th>
            <th scope="col">stored run</th>
            <th scope="col">accuracy</th>
          </tr>
        </thead>
        <tbody>
          {experiment.runs.map((r) => (
            <tr key={r.key} data-testid={`experiments.run.${r.key}`} data-state={r.state}>
              <th scope="row">
                {MODE_LABELS[r.mode]}, seed {r.seed}
              </th>
              <td>
                {STATE_TEXT[r.state]}
                {r.message ? <span className="field-problem"> {r.message}</span> : null}
              </td>
              <td>{r.runId ?? '—'}</td>
              <td className="num">{r.result ? `${(100 * r.result.accuracy).toFixed(1)}% (${r.result.correct}/${r.result.questions})` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ResultsTable table={table} />
      <div className="buttons">
        <ReasonButton data-testid="experiments.csv" why={!anyDone && NOTHING_EVALUATED} onClick={() => downloadBlob(new Blob([resultsToCsv(table)], { type: 'text/csv' }), `${file}.csv`)}>
          Export table as CSV
        </ReasonButton>
        <ReasonButton data-testid="experiments.markdown" why={!anyDone && NOTHING_EVALUATED} onClick={() => downloadBlob(new Blob([resultsToMarkdown(table, experiment.name)], { type: 'text/markdown' }), `${file}.md`)}>
          Export table as Markdown
        </ReasonButton>
      </div>
      <FullscreenView title="Accuracy per credit mode" testId="experiments.chartView">
        {(full) => <ResultsChart rows={table.rows} full={full} />}
      </FullscreenView>
      <PaperTable />
    </div>
  );
}

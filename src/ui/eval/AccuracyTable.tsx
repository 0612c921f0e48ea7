// An evaluation report as a table: accuracy per question type, then overall, with the Retriever's
// format rate under it.

import type { EvalResult } from '../../run/protocol/evaluator';
import { describeTarget } from '../../run/protocol/evaluator';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function AccuracyTable({ result }: { result: EvalResult }) {
  const r = result.report;
  const types = Object.keys(r.byType).sort();
  return (
    <div data-testid="eval.result" data-accuracy={r.accuracy} data-questions={r.questions} data-history={r.history ?? 'full'} data-recall={r.evidenceRecall ?? ''}>
      <table className="results">
        <caption>
          {describeTarget(result.target)} on the {r.split === 'val' ? 'validation' : 'training'} split, {r.history === 'evidence' ? 'evidence session' : 'full history'}
          {result.adapterStep !== undefined ? ` (adapters of step ${result.adapterStep})` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">question type</th>
            <th scope="col">questions</th>
            <th scope="col">correct</th>
            <th scope="col">accuracy</th>
          </tr>
        </thead>
        <tbody>
          {types.map((t) => {
            const a = r.byType[t];
            if (!a) return null;
            return (
              <tr key={t} data-testid={`eval.type.${t}`}>
                <th scope="row">{t.replace(/_/g, ' ')}</th>
                <td className="num">{a.questions}</td>
                <td className="num">{a.correct}</td>
                <td className="num">{pct(a.accuracy)}</td>
              </tr>
            );
          })}
          <tr className="total" data-testid="eval.overall">
            <th scope="row">all types</th>
            <td className="num">{r.questions}</td>
            <td className="num">{r.correct}</td>
            <td className="num">{pct(r.accuracy)}</td>
          </tr>
        </tbody>
      </table>
      <p data-testid="eval.recall">
        Evidence recall of the memory the Retriever read:{' '}
        {r.evidenceRecall === undefined || r.evidenceRecall === null ? 'not measured (no gold evidence)' : `${pct(r.evidenceRecall)} over ${r.evidenceQuestions ?? 0} questions`}
        {r.extractorCalls !== undefined && `; ${r.extractorCalls.toFixed(1)} Extractor calls per question`}.
      </p>
      <p className="hint">
        Retriever outputs in the expected format: {pct(r.formatOk)}. Greedy decoding; {(result.wallMs / 1000).toFixed(1)} s in the eval worker.
      </p>
    </div>
  );
}

// The credit calculator widget: edit one group's rewards as JSON and see CoMAM's NDCG, weights,
// integrated rewards and advantages — the same core and the same JSON as `comam-lab credit`. The
// text lives in the store (creditSlice), so the stepper's group view can open a stored group here.

import { useMemo } from 'react';
import { AGENT_NAMES } from '../../agents/names';
import { creditFromText, type CreditReport } from '../../rl/calculator';
import { useAppStore } from '../../store/app';

type Outcome = { report: CreditReport; error?: undefined } | { report?: undefined; error: string };

function compute(text: string): Outcome {
  try {
    return { report: creditFromText(text) };
  } catch (err) {
    return { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(3));

export function CreditCalculator() {
  const text = useAppStore((s) => s.creditText);
  const setText = useAppStore((s) => s.setCreditText);
  const outcome = useMemo(() => compute(text), [text]);
  const { report } = outcome;
  return (
    <section className="credit" aria-label="Credit calculator" data-testid="credit.panel">
      <h2>Credit calculator</h2>
      <p className="hint">
        One group of G trajectories: each agent’s local reward, and the global reward (1 = right answer). Modes: adaptive,
        local, global, equal, fixed (with <code>fixed_weights</code>), independent. <code>null</code> marks an undefined reward.
        The CLI gives the same numbers: <code>comam-lab credit GROUP.json</code>.
      </p>
      <div className="credit-body">
        <textarea
          data-testid="credit.input"
          aria-label="Group rewards as JSON"
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={14}
        />
        <div className="credit-result">
          {outcome.error !== undefined && (
            <p role="alert" className="problems" data-testid="credit.error">
              {outcome.error}
            </p>
          )}
          {report && (
            <table data-testid="credit.table">
              <thead>
                <tr>
                  <th>agent</th>
                  <th title="Eq. 13: how well the local reward ranks the group like the global reward">NDCG v</th>
                  <th title="Eq. 14: share of the global reward">weight w</th>
                  <th title="Eq. 15: r + w·r3, per trajectory">integrated</th>
                  <th title="group z-score of the integrated rewards">advantage</th>
                </tr>
              </thead>
              <tbody>
                {AGENT_NAMES.map((n) => (
                  <tr key={n} data-testid={`credit.row.${n}`}>
                    <th scope="row">{n}</th>
                    <td>{fmt(report.ndcg[n])}</td>
                    <td data-testid={`credit.weight.${n}`}>{fmt(report.weights[n])}</td>
                    <td>{report.integrated[n].map(fmt).join('  ')}</td>
                    <td>
                      {report.advantages[n].map(fmt).join('  ')}
                      {report.zero_spread[n] && <span className="flag"> zero spread: no signal</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report && (
            <details>
              <summary>JSON (as the CLI prints it)</summary>
              <pre data-testid="credit.output">{JSON.stringify(report, null, 2)}</pre>
            </details>
          )}
        </div>
      </div>
    </section>
  );
}

// The diff view: one question's trajectory at an early and a late step side by side, each agent's
// lines that the other step lacks highlighted, with both steps' rewards.

import { AGENT_NAMES } from '../../agents/names';
import type { TrajectoryRow } from '../../run/records';
import { useAppStore } from '../../store/app';
import { diffLines, stepsOfQuestion } from '../../run/stepper/compare';
import { fmt } from '../../run/stepper/format';

export function DiffView({ rows, questionId, trajectory }: { rows: readonly TrajectoryRow[]; questionId: string; trajectory: number }) {
  const diff = useAppStore((s) => s.stepper.diff);
  const setDiff = useAppStore((s) => s.setDiffSteps);
  const steps = stepsOfQuestion(rows, questionId);
  if (!diff) return null;
  if (steps.length < 2) {
    return (
      <p className="hint" data-testid="stepper.diff.single">
        Diff view: question {questionId} was rolled out only at step {steps[0] ?? '?'} so far; it needs a second step to compare.
      </p>
    );
  }
  const at = (step: number) => rows.find((r) => r.step === step && r.trajectory === trajectory) ?? rows.find((r) => r.step === step);
  const early = at(diff.early);
  const late = at(diff.late);
  return (
    <div className="stepper-diff" data-testid="stepper.diff">
      <h4>Diff: question {questionId}, trajectory #{trajectory + 1}, early vs late step</h4>
      <label>
        Early step{' '}
        <select aria-label="Early step" value={diff.early} onChange={(e) => setDiff(Number(e.target.value), diff.late)}>
          {steps.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Late step{' '}
        <select aria-label="Late step" value={diff.late} onChange={(e) => setDiff(diff.early, Number(e.target.value))}>
          {steps.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      {early && late && (
        <table>
          <thead>
            <tr>
              <th>agent</th>
              <th>step {early.step} (r3 = {early.global})</th>
              <th>step {late.step} (r3 = {late.global})</th>
            </tr>
          </thead>
          <tbody>
            {AGENT_NAMES.map((n) => {
              const d = diffLines(early.outputs[n], late.outputs[n]);
              return (
                <tr key={n}>
                  <th scope="row">{n}</th>
                  {[
                    { side: d.left, r: early.local[n] },
                    { side: d.right, r: late.local[n] },
                  ].map(({ side, r }, k) => (
                    <td key={k}>
                      <p>r = {fmt(r)}</p>
                      <ul>
                        {side.map((l, i) => (
                          <li key={i} className={l.only ? 'diff-only' : ''}>
                            {l.only ? (k === 0 ? '− ' : '+ ') : '  '}
                            {l.text}
                          </li>
                        ))}
                      </ul>
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

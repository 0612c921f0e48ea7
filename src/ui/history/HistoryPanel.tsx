// The run history: every stored run with its status and headline numbers; open one on the charts,
// overlay a second, delete one after confirming. Reads only through the RunHistorySource interface.

import { useState } from 'react';
import type { RunSetup } from '../../run/runSetup';
import { useAppStore } from '../../store/app';
import type { RunSummary } from '../../run/runHistory';
import { canResumeStored } from '../../store/runSlice';

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);

function describeSetup(s: RunSetup): string {
  const model = s.model.kind === 'hub' ? s.model.repo : s.model.name;
  const data = s.dataset.kind === 'synthetic' ? `world seed ${s.dataset.seed}` : `dataset ${s.dataset.id}`;
  return `${model} · ${s.precision} · ${data} · G ${s.rl.num_generations} · ${s.frozenControl === true ? 'frozen control (no updates)' : s.rl.credit_mode}`;
}

/** Resume a stored run from its last checkpoint (shown only where the trainer can take it now). */
function ResumeButton({ run }: { run: RunSummary }) {
  const trainer = useAppStore((s) => s.run.trainer);
  const status = useAppStore((s) => s.run.status);
  const runId = useAppStore((s) => s.run.runId);
  const busy = useAppStore((s) => s.run.busy);
  const source = useAppStore((s) => s.history.source);
  const resumeStored = useAppStore((s) => s.resumeStored);
  if (!canResumeStored({ trainer, status, runId, busy }, run) || !source) return null;
  const from = run.checkpointStep === undefined ? 'its last checkpoint' : run.checkpointStep === 0 ? 'the start (no checkpoint yet)' : `the checkpoint at step ${run.checkpointStep}`;
  return (
    <button
      type="button"
      data-testid={`history.run.${run.id}.resume`}
      aria-label={`Resume run ${run.id} from ${from}`}
      title={`Continue training from ${from}; later steps are recomputed.`}
      onClick={() => void resumeStored(run, source)}
    >
      Resume
    </button>
  );
}

function RunRow({ run, viewed, overlaid }: { run: RunSummary; viewed: boolean; overlaid: boolean }) {
  const viewRun = useAppStore((s) => s.viewRun);
  const overlayRun = useAppStore((s) => s.overlayRun);
  const deleteRun = useAppStore((s) => s.deleteRun);
  const [confirming, setConfirming] = useState(false);
  const h = run.headline;
  return (
    <tr data-testid={`history.run.${run.id}`} data-status={run.status}>
      <th scope="row">{run.id}</th>
      <td>{new Date(run.createdAt).toLocaleString()}</td>
      <td data-testid={`history.run.${run.id}.status`} title={run.interrupted ? 'The page that was training it was closed; resume continues from the last checkpoint.' : undefined}>
        {run.interrupted ? `${run.status}, interrupted` : run.status}
      </td>
      <td>{describeSetup(run.setup)}</td>
      <td className="num" data-testid={`history.run.${run.id}.steps`}>
        {h.steps}
      </td>
      <td className="num">{pct(h.lastGlobal)}</td>
      <td className="num">{pct(h.bestGlobal)}</td>
      <td className="actions">
        <ResumeButton run={run} />
        <button type="button" data-testid={`history.run.${run.id}.open`} aria-pressed={viewed} aria-label={`Open run ${run.id} on the charts`} onClick={() => void viewRun(viewed ? undefined : run.id)}>
          {viewed ? 'Close' : 'Open'}
        </button>
        <button type="button" data-testid={`history.run.${run.id}.overlay`} aria-pressed={overlaid} aria-label={`Overlay run ${run.id} on the charts`} onClick={() => void overlayRun(overlaid ? undefined : run.id)}>
          {overlaid ? 'Remove overlay' : 'Overlay'}
        </button>
        {confirming ? (
          <span role="group" aria-label={`Confirm deleting run ${run.id}`}>
            Delete for good?{' '}
            <button type="button" data-testid={`history.run.${run.id}.confirmDelete`} onClick={() => void deleteRun(run.id)}>
              Yes, delete
            </button>
            <button type="button" data-testid={`history.run.${run.id}.cancelDelete`} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" data-testid={`history.run.${run.id}.delete`} aria-label={`Delete run ${run.id}`} onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </td>
    </tr>
  );
}

export function HistoryPanel() {
  const history = useAppStore((s) => s.history);
  return (
    <section className="panel history" aria-label="Run history" data-testid="history.panel">
      <h2>Run history</h2>
      {!history.source && (
        <p className="hint" data-testid="history.unavailable">
          No run store connected: the page could not open IndexedDB, so past runs cannot be listed.
        </p>
      )}
      {history.error && (
        <p role="alert" className="problems" data-testid="history.error">
          {history.error.name}: {history.error.message}
        </p>
      )}
      {history.source && history.runs.length === 0 && !history.loading && (
        <p className="hint" data-testid="history.empty">
          No runs yet.
        </p>
      )}
      {history.runs.length > 0 && (
        <div className="table-wrap">
          <table data-testid="history.table">
            <thead>
              <tr>
                <th scope="col">run</th>
                <th scope="col">created</th>
                <th scope="col">status</th>
                <th scope="col">setup</th>
                <th scope="col">steps</th>
                <th scope="col">last accuracy</th>
                <th scope="col">best accuracy</th>
                <th scope="col">actions</th>
              </tr>
            </thead>
            <tbody>
              {history.runs.map((r) => (
                <RunRow key={r.id} run={r} viewed={history.viewed?.summary.id === r.id} overlaid={history.overlay?.summary.id === r.id} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

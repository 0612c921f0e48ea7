// The Experiments panel: plan a credit-mode comparison (or a lesson preset), watch it run one run
// after another with progress, stop and resume it later, and read its results.

import { useState } from 'react';
import { experimentStatus, type ExperimentRecord } from '../../experiments/plan';
import { useAppStore } from '../../store/app';
import { ProgressLine } from '../eval/ProgressLine';
import { ExperimentForm } from './ExperimentForm';
import { ExperimentResults } from './ExperimentResults';
import './experiments.css';
import { ReasonButton } from '../whyDisabled';

function ExperimentRow({ e, running, anyRunning, selected }: { e: ExperimentRecord; running: boolean; anyRunning: boolean; selected: boolean }) {
  const select = useAppStore((s) => s.selectExperiment);
  const resume = useAppStore((s) => s.resumeExperiment);
  const remove = useAppStore((s) => s.deleteExperiment);
  const [confirming, setConfirming] = useState(false);
  const status = running ? 'running' : experimentStatus(e);
  const done = e.runs.filter((r) => r.state === 'done').length;
  return (
    <tr data-testid={`experiments.item.${e.id}`} data-status={status}>
      <th scope="row">{e.name}</th>
      <td>{new Date(e.createdAt).toLocaleString()}</td>
      <td data-testid={`experiments.item.${e.id}.status`}>{status}</td>
      <td className="num">
        {done}/{e.runs.length} runs
      </td>
      <td className="actions">
        <button type="button" aria-pressed={selected} aria-label={`Show results of ${e.name}`} onClick={() => select(selected ? undefined : e.id)}>
          {selected ? 'Hide' : 'Results'}
        </button>
        {status !== 'done' && (
          <ReasonButton data-testid={`experiments.item.${e.id}.resume`} aria-label={`Resume ${e.name}`} why={anyRunning && 'An experiment is running; stop it first.'} onClick={() => void resume(e.id)}>
            Resume
          </ReasonButton>
        )}
        {confirming ? (
          <span role="group" aria-label={`Confirm deleting ${e.name}`}>
            Delete the experiment (its runs stay in the history)?{' '}
            <button type="button" onClick={() => void remove(e.id)}>
              Yes, delete
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <ReasonButton aria-label={`Delete ${e.name}`} why={running && 'This experiment is running; stop it before deleting it.'} onClick={() => setConfirming(true)}>
            Delete
          </ReasonButton>
        )}
      </td>
    </tr>
  );
}

export function ExperimentsPanel() {
  const state = useAppStore((s) => s.experiments);
  const connected = useAppStore((s) => s.services !== undefined);
  const stop = useAppStore((s) => s.stopExperiment);
  const selected = state.list.find((e) => e.id === state.selectedId);
  const p = state.progress;
  return (
    <section className="panel experiments" aria-labelledby="experiments-title" data-testid="experiments">
      <h2 id="experiments-title">Experiments: compare credit modes</h2>
      {!connected && <p className="hint">No trainer is connected, so comparisons cannot run here.</p>}
      <details className="experiment-plan" open>
        <summary>Plan a comparison</summary>
        <ExperimentForm />
      </details>
      {state.runningId !== undefined && (
        <div className="experiment-running" role="status" data-testid="experiments.running">
          <div className="progress-bars">
            {p ? (
              <ProgressLine
                testId="experiments.progress"
                title={`Run ${p.runIndex} of ${p.runCount}: ${p.stage}`}
                done={p.done}
                total={p.total}
                unit={p.unit}
                label={`${p.runKey} · ${p.label}`}
              />
            ) : (
              <span>Starting the first run…</span>
            )}
          </div>
          <button type="button" data-testid="experiments.stop" onClick={() => void stop()}>
            Stop after this run’s training stops (resume later)
          </button>
        </div>
      )}
      {state.error && (
        <p role="alert" className="problems" data-testid="experiments.error">
          {state.error.message}
        </p>
      )}
      {state.list.length > 0 && (
        <table className="results experiment-list">
          <caption>Stored experiments</caption>
          <thead>
            <tr>
              <th scope="col">name</th>
              <th scope="col">created</th>
              <th scope="col">status</th>
              <th scope="col">progress</th>
              <th scope="col">actions</th>
            </tr>
          </thead>
          <tbody>
            {state.list.map((e) => (
              <ExperimentRow key={e.id} e={e} running={state.runningId === e.id} anyRunning={state.runningId !== undefined} selected={state.selectedId === e.id} />
            ))}
          </tbody>
        </table>
      )}
      {selected && <ExperimentResults experiment={selected} />}
    </section>
  );
}

// The run controls: start, pause, resume, single step, stop (buttons and keyboard shortcuts), the
// worker's state always in view, progress bars and the trainer's errors.

import { useEffect } from 'react';
import { useAppStore } from '../../store/app';
import { allowedActions, type ControlAction } from '../../store/runSlice';
import { LazyTrainer } from '../../trainer/lazyTrainer';
import { useSetupProblems } from '../useSetupProblems';
import { ProgressBars } from './ProgressBars';
import { SHORTCUTS, shortcutAction } from './shortcuts';

const LABELS: Record<ControlAction, string> = { start: 'Start', pause: 'Pause', resume: 'Resume', step: 'Single step', stop: 'Stop' };
const ACTIONS = Object.keys(LABELS) as ControlAction[];

export function RunControls() {
  const trainer = useAppStore((s) => s.run.trainer);
  const status = useAppStore((s) => s.run.status);
  const runId = useAppStore((s) => s.run.runId);
  const busy = useAppStore((s) => s.run.busy);
  const message = useAppStore((s) => s.run.message);
  const error = useAppStore((s) => s.run.error);
  const steps = useAppStore((s) => s.run.metrics.at(-1)?.step);
  const control = useAppStore((s) => s.control);
  const problems = useSetupProblems();
  const allowed = allowedActions({ trainer, status, runId, busy });
  const notStarted = trainer instanceof LazyTrainer && trainer.state === 'not-started' && status === 'idle';
  const enabled: Record<ControlAction, boolean> = { ...allowed, start: allowed.start && problems.length === 0 };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutAction(e);
      if (action === undefined || !enabled[action]) return;
      e.preventDefault();
      void control(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <section className="panel controls" aria-label="Run controls" data-testid="controls.panel">
      <div className="controls-row">
        <span className="worker-state" role="status" aria-live="polite" data-testid="controls.status" data-status={trainer ? status : 'no-trainer'} data-worker={notStarted ? 'not-started' : trainer ? 'started' : 'none'}>
          {notStarted ? (
            <>
              Worker: <strong>not started</strong> (the trainer worker starts with the first run)
            </>
          ) : trainer ? (
            <>
              Worker: <strong>{status}</strong>
              {busy && ` (${busy}…)`}
              {runId && ` · run ${runId}`}
              {steps !== undefined && ` · step ${steps}`}
              {message && ` · ${message}`}
            </>
          ) : (
            <>Worker: no trainer connected. Training arrives with the trainer worker; the setup, link and history work without it.</>
          )}
        </span>
        <div className="buttons" role="group" aria-label="Run actions">
          {ACTIONS.map((a) => (
            <button
              key={a}
              type="button"
              data-testid={`controls.${a}`}
              aria-keyshortcuts={SHORTCUTS[a].toUpperCase()}
              title={`${LABELS[a]} (key ${SHORTCUTS[a].toUpperCase()})`}
              disabled={!enabled[a]}
              onClick={() => void control(a)}
            >
              {LABELS[a]} <kbd>{SHORTCUTS[a].toUpperCase()}</kbd>
            </button>
          ))}
        </div>
      </div>
      <p className="hint shortcuts" data-testid="controls.shortcuts">
        Keys (outside text fields): {ACTIONS.map((a) => `${SHORTCUTS[a].toUpperCase()} ${LABELS[a].toLowerCase()}`).join(' · ')}.
        {trainer && problems.length > 0 && ' Start is disabled until the setup is valid.'}
      </p>
      <ProgressBars />
      {error && (
        <p role="alert" className="problems" data-testid="controls.error">
          {error.name}: {error.message}
        </p>
      )}
    </section>
  );
}

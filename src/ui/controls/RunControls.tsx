// The run controls: start, pause, resume, single step, stop (buttons and keyboard shortcuts), the
// worker's state always in view, progress bars while a run loads or trains, and the trainer's errors.
// Idle, stopped, done or failed, the bar is one line; every disabled button says why.

import { useEffect } from 'react';
import { useAppStore } from '../../store/app';
import type { ControlAction } from '../../store/runSlice';
import { LazyTrainer } from '../../homes/trainer/lazyTrainer';
import { useSetupProblems } from '../useSetupProblems';
import { useWhyDisabled } from '../whyDisabled';
import { ProgressBars } from './ProgressBars';
import { disabledReason } from './reasons';
import { SHORTCUTS, shortcutAction } from './shortcuts';

const LABELS: Record<ControlAction, string> = { start: 'Start', pause: 'Pause', resume: 'Resume', step: 'Single step', stop: 'Stop' };
const ACTIONS = Object.keys(LABELS) as ControlAction[];

function ControlButton({ action, why, onClick }: { action: ControlAction; why: string | undefined; onClick: () => void }) {
  const key = SHORTCUTS[action].toUpperCase();
  const [props, note] = useWhyDisabled(why, `${LABELS[action]} (key ${key}, outside text fields)`);
  return (
    <>
      <button type="button" data-testid={`controls.${action}`} aria-keyshortcuts={key} {...props} onClick={onClick}>
        {LABELS[action]} <kbd>{key}</kbd>
      </button>
      {note}
    </>
  );
}

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
  const notStarted = trainer instanceof LazyTrainer && trainer.state === 'not-started' && status === 'idle';
  const why = Object.fromEntries(ACTIONS.map((a) => [a, disabledReason(a, { trainer, status, runId, busy, problems })])) as Record<ControlAction, string | undefined>;
  const active = busy !== undefined || status === 'loading' || status === 'running' || status === 'paused';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutAction(e);
      if (action === undefined || why[action] !== undefined) return;
      e.preventDefault();
      void control(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <section className={active ? 'panel controls' : 'panel controls collapsed'} aria-label="Run controls" data-testid="controls.panel" data-collapsed={!active}>
      <div className="controls-row">
        <span className="worker-state" role="status" aria-live="polite" data-testid="controls.status" data-status={trainer ? status : 'no-trainer'} data-worker={notStarted ? 'not-started' : trainer ? 'started' : 'none'}>
          {notStarted ? (
            <>
              Worker: <strong>not started</strong> (it starts with the first run)
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
            <>Worker: no trainer connected; the setup, link and history work without it.</>
          )}
        </span>
        <div className="buttons" role="group" aria-label="Run actions">
          {ACTIONS.map((a) => (
            <ControlButton key={a} action={a} why={why[a]} onClick={() => void control(a)} />
          ))}
        </div>
      </div>
      {active && <ProgressBars />}
      {error && (
        <p role="alert" className="problems" data-testid="controls.error">
          {error.name}: {error.message}
        </p>
      )}
    </section>
  );
}

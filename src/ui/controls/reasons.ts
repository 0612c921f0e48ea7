// Why a run control is disabled, in words for its tooltip and screen readers (undefined = enabled).
// Pure: the controls' state, the setup's first problem, and the page's trainer.

import type { RunStatus } from '../../run/protocol/trainer';
import { allowedActions, type ControlAction, type RunState } from '../../store/runSlice';

export interface ControlContext extends Pick<RunState, 'trainer' | 'status' | 'runId' | 'busy'> {
  /** The setup's problems (Start stays disabled while there are any). */
  problems: readonly { message: string }[];
}

const IN_PROGRESS: Record<RunStatus, string> = {
  idle: 'no run has started',
  loading: 'the run is loading',
  running: 'the run is training',
  paused: 'the run is paused',
  stopped: 'the run was stopped',
  done: 'the run is done',
  failed: 'the run failed',
};

/**
 * The reason `action` cannot be used now, or undefined when it can.
 * Example: ('pause', {status: 'paused', …}) → "Pause needs a training run; the run is paused."
 */
export function disabledReason(action: ControlAction, c: ControlContext): string | undefined {
  const allowed = allowedActions(c);
  if (allowed[action] && !(action === 'start' && c.problems.length > 0)) return undefined;
  if (c.trainer === undefined) return 'No trainer is connected to this page.';
  if (c.busy !== undefined) return `Waiting for ${c.busy} to answer.`;
  const now = IN_PROGRESS[c.status];
  switch (action) {
    case 'start':
      if (!allowed.start) return `Start begins a new run; ${now}: stop it first.`;
      return `Fix the setup first (${c.problems.length} setting${c.problems.length === 1 ? '' : 's'}): ${c.problems[0]?.message ?? ''}`;
    case 'pause':
      return `Pause needs a training run; ${now}.`;
    case 'resume':
      if (c.status === 'paused') return 'This paused run cannot continue in place; resume it from the Run history.';
      return `Resume continues a paused run; ${now}. Stopped or failed runs resume from the Run history.`;
    case 'step':
      return `Single step needs a paused run; ${now}.`;
    case 'stop':
      return `Stop needs a loading, training or paused run; ${now}.`;
  }
}

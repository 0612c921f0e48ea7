// The worker side of replay: read the run and its latest adapters from the run database, load (once)
// its base model, and run the team greedily on the requested history and question.

import { AGENT_NAMES, perAgent } from '../../agents/names';
import type { BackendPreference } from '../../model/backendInfo';
import { serializeError } from '../../protocol/errors';
import { isReplayRequest, type ReplayMessage } from '../../run/protocol/replayMessages';
import type { ModelRef, Precision } from '../../model/modelRef';
import { replayTeam } from '../../rl/replay';
import { RunNotFoundError } from '../../rl/trainerErrors';
import type { ProgressFn } from '../../protocol/progress';
import type { LoadedModel } from '../../run/training/deps';
import type { LabDb } from '../storage/db';

export interface ReplayDeps {
  db: LabDb;
  /** Start the backend (once; `backend` of the first request) and load the base model. */
  /** The base at the run's precision (RunSetup.precision): a run replays on the weights it was trained on. */
  loadModel(ref: ModelRef, progress: ProgressFn, backend: BackendPreference, precision: Precision): Promise<LoadedModel>;
}

/** A message handler for the replay worker; keeps the last loaded model for the next request. */
export function hostReplay(deps: ReplayDeps, post: (m: ReplayMessage) => void): (data: unknown) => Promise<void> {
  let loaded: { key: string; model: Promise<LoadedModel> } | undefined;
  return async (data) => {
    if (!isReplayRequest(data)) return;
    const { id } = data;
    const progress: ProgressFn = (phase, done, total, unit, label) => post({ kind: 'progress', id, phase, done, total, unit, label });
    try {
      const run = await deps.db.runs.get(data.runId);
      if (!run) throw new RunNotFoundError(`Run "${data.runId}" is not stored in this browser; pick another run.`, { runId: data.runId });
      const rows = await deps.db.adapters.where('runId').equals(run.id).toArray();
      const byAgent = new Map(rows.map((r) => [r.agent, r]));
      const missing = AGENT_NAMES.filter((n) => !byAgent.has(n));
      if (missing.length > 0) {
        throw new RunNotFoundError(`Run "${run.id}" has no stored adapter for ${missing.join(', ')} yet (adapters are stored at each checkpoint); train it past its first checkpoint.`, { runId: run.id });
      }
      const key = JSON.stringify({ model: run.setup.model, precision: run.setup.precision });
      if (loaded?.key !== key) {
        if (loaded) (await loaded.model.catch(() => undefined))?.engine.dispose();
        loaded = { key, model: deps.loadModel(run.setup.model, progress, data.backend ?? 'auto', run.setup.precision) };
        loaded.model.catch(() => (loaded = undefined));
      }
      const model = await loaded.model;
      const result = await replayTeam(model.engine, model.codec, run.setup, perAgent((n) => byAgent.get(n)?.files ?? {}), { history: data.history, query: data.query, options: data.options }, (p) =>
        progress('sample', p.done, p.total, 'completions', p.label),
      );
      post({ kind: 'replayed', id, result, adapterStep: Math.min(...AGENT_NAMES.map((n) => byAgent.get(n)?.step ?? 0)) });
    } catch (err) {
      post({ kind: 'failed', id, error: serializeError(err) });
    }
  };
}

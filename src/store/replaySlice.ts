// The memory bank's replay: choose a stored run and a history (a question of its dataset), type the
// question and options, and run the run's latest adapters on them in the replay worker.

import type { StateCreator } from 'zustand';
import type { Turn } from '../env/types';
import type { BackendPreference } from '../model/backendInfo';
import { serializeError, WorkerCrashedError, type SerializedError } from '../protocol/errors';
import type { ReplayResult } from '../rl/replay';
import { RolloutInputError } from '../rl/errors';
import type { ReplayApi } from '../homes/replay/workerReplay';
import { labDb, type LabDb } from '../homes/storage/db';
import { datasetOfRun, problemOf } from '../homes/storage/runWorld';

export interface ReplayState {
  db?: LabDb;
  /** The worker client; made on first use unless a test attaches one. */
  api?: ReplayApi;
  runId?: string;
  /** Questions of the run's dataset: each names a history H (its evidence session) to replay on. */
  questions: { id: string; personaId: string; type: string }[];
  questionId?: string;
  history: Turn[];
  query: string;
  options: [string, string, string, string];
  status: 'idle' | 'running' | 'done' | 'failed';
  progress?: { label: string; done: number; total: number };
  result?: ReplayResult;
  adapterStep?: number;
  error?: SerializedError;
}

export interface ReplaySlice {
  replay: ReplayState;
  attachReplay: (p: { api?: ReplayApi; db?: LabDb }) => void;
  chooseReplayRun: (runId: string | undefined) => Promise<void>;
  chooseReplayQuestion: (questionId: string) => Promise<void>;
  setReplayQuery: (query: string) => void;
  setReplayOption: (index: number, text: string) => void;
  /** Run the replay on `backend` (the page's probed backend, so replay runs where training does). */
  runReplay: (backend?: BackendPreference) => Promise<void>;
}

const EMPTY: ReplayState = { questions: [], history: [], query: '', options: ['', '', '', ''], status: 'idle' };

export const createReplaySlice: StateCreator<ReplaySlice, [], [], ReplaySlice> = (set, get) => {
  const patch = (p: Partial<ReplayState>) => set((s) => ({ replay: { ...s.replay, ...p } }));
  const db = () => get().replay.db ?? labDb();
  const failed = (err: unknown) => patch({ status: 'failed', error: serializeError(err), progress: undefined });
  const runOf = async (runId: string) => {
    const run = await db().runs.get(runId);
    if (!run) throw new RolloutInputError(`Run "${runId}" is not stored any more; pick another run.`, { field: 'runId' });
    return run;
  };
  return {
    replay: EMPTY,
    attachReplay: ({ api, db: d }) => set((s) => ({ replay: { ...s.replay, ...(api ? { api } : {}), ...(d ? { db: d } : {}) } })),
    chooseReplayRun: async (runId) => {
      patch({ runId, questions: [], questionId: undefined, history: [], result: undefined, error: undefined, status: 'idle' });
      if (runId === undefined) return;
      try {
        const ds = await datasetOfRun(db(), (await runOf(runId)).setup.dataset);
        patch({ questions: ds.questions.map((q) => ({ id: q.id, personaId: q.personaId, type: q.type })) });
        if (ds.questions[0]) await get().chooseReplayQuestion(ds.questions[0].id);
      } catch (err) {
        failed(err);
      }
    },
    chooseReplayQuestion: async (questionId) => {
      const { runId } = get().replay;
      if (runId === undefined) return;
      try {
        const p = problemOf(await datasetOfRun(db(), (await runOf(runId)).setup.dataset), questionId);
        patch({ questionId, history: p.history, query: p.question.query, options: [...p.question.options], result: undefined });
      } catch (err) {
        failed(err);
      }
    },
    setReplayQuery: (query) => patch({ query }),
    setReplayOption: (index, text) => {
      const options = [...get().replay.options] as ReplayState['options'];
      options[index] = text;
      patch({ options });
    },
    runReplay: async (backend = 'auto') => {
      const r = get().replay;
      if (r.runId === undefined || r.status === 'running') return;
      const api = r.api;
      if (!api) {
        failed(new WorkerCrashedError('No replay worker is attached to this page. Reload the page; it attaches one at start.'));
        return;
      }
      patch({ status: 'running', result: undefined, error: undefined, progress: { label: 'starting the replay worker', done: 0, total: 1 } });
      try {
        const { result, adapterStep } = await api.replay({ runId: r.runId, history: r.history, query: r.query, options: [...r.options], backend }, (p) =>
          patch({ progress: { label: p.label, done: p.done, total: p.total } }),
        );
        patch({ status: 'done', result, adapterStep, progress: undefined });
      } catch (err) {
        failed(err);
      }
    },
  };
};

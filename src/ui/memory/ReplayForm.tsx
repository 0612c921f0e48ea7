// Replay in the memory bank: a stored run's current adapters on a chosen history and a typed question,
// run in the replay worker (the page stays responsive), showing M_f, M_c and the Retriever's answer.

import { OPTION_LABELS } from '../../env/types';
import { useAppStore } from '../../store/app';
import { ReasonButton } from '../whyDisabled';

export function ReplayForm() {
  const r = useAppStore((s) => s.replay);
  const runs = useAppStore((s) => s.stepper.runs);
  const chooseRun = useAppStore((s) => s.chooseReplayRun);
  const chooseQuestion = useAppStore((s) => s.chooseReplayQuestion);
  const setQuery = useAppStore((s) => s.setReplayQuery);
  const setOption = useAppStore((s) => s.setReplayOption);
  const run = useAppStore((s) => s.runReplay);
  const backend = useAppStore((s) => s.compute.report?.backend);
  const res = r.result;
  return (
    <div className="memory-replay" data-testid="replay.panel">
      <h3>Replay: the run's adapters on a history you choose</h3>
      <p className="hint">The team runs once, greedily, with the run's latest stored adapters: a fresh M_f and M_c from the history, then an answer to your question. Nothing is stored.</p>
      <div className="memory-filters">
        <label>
          Run{' '}
          <select aria-label="Replay run" value={r.runId ?? ''} onChange={(e) => void chooseRun(e.target.value || undefined)}>
            <option value="">(choose a run)</option>
            {runs.map((x) => (
              <option key={x.id} value={x.id}>
                {x.id}
              </option>
            ))}
          </select>
        </label>
        {r.questions.length > 0 && (
          <label>
            History of{' '}
            <select aria-label="Replay history" value={r.questionId ?? ''} onChange={(e) => void chooseQuestion(e.target.value)}>
              {r.questions.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.personaId} · {q.id} ({q.type})
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {r.runId !== undefined && (
        <>
          <details>
            <summary>History H ({r.history.length} turns)</summary>
            <ol>
              {r.history.map((t) => (
                <li key={t.id}>
                  <b>{t.role}:</b> {t.content}
                </li>
              ))}
            </ol>
          </details>
          <label>
            Question <input type="text" aria-label="Replay question" value={r.query} onChange={(e) => setQuery(e.target.value)} />
          </label>
          {r.options.map((o, i) => (
            <label key={i}>
              ({OPTION_LABELS[i]}) <input type="text" aria-label={`Replay option ${OPTION_LABELS[i]}`} value={o} onChange={(e) => setOption(i, e.target.value)} />
            </label>
          ))}
          <ReasonButton onClick={() => void run(backend)} why={r.status === 'running' && 'A replay is running.'}>
            Replay
          </ReasonButton>
        </>
      )}
      {r.status === 'running' && r.progress && (
        <div role="status" data-testid="replay.progress">
          {r.progress.label} <progress max={Math.max(1, r.progress.total)} value={r.progress.done} aria-label="Replay progress" />
        </div>
      )}
      {r.error && (
        <p role="alert" className="problems" data-testid="replay.error">
          {r.error.name}: {r.error.message}
        </p>
      )}
      {res && (
        <div data-testid="replay.result">
          <p>Adapters of step {r.adapterStep}; the Extractor saw {res.historyTurns} turns.</p>
          <h4>Extractor: M_f {res.formatOk.extractor ? '' : '(format not followed)'}</h4>
          <pre className="stepper-output" data-testid="replay.extractor">
            {res.outputs.extractor}
          </pre>
          <h4>Profiler: M_c {res.formatOk.profiler ? '' : '(format not followed)'}</h4>
          <pre className="stepper-output" data-testid="replay.profiler">
            {res.outputs.profiler}
          </pre>
          <h4>Retriever {res.formatOk.retriever ? '' : '(format not followed)'}</h4>
          <pre className="stepper-output" data-testid="replay.retriever">
            {res.outputs.retriever}
          </pre>
          <p data-testid="replay.choice">
            Chosen option: {res.choice === null ? 'none could be read' : `(${OPTION_LABELS[res.choice]}) ${r.options[res.choice]}`}
          </p>
        </div>
      )}
    </div>
  );
}

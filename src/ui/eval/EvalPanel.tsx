// The evaluation view: accuracy per question type on the validation split for any stored run (its
// final adapters), the untrained team, or a no-training baseline; computed in the eval worker.

import { useEffect, useState } from 'react';
import type { HistoryScope } from '../../env/mdp';
import { BASELINES } from '../../rl/eval/baselines';
import type { EvalTarget } from '../../run/protocol/evaluator';
import type { RunRecord } from '../../run/runStore';
import { defaultHistoryScope } from '../../rl/syntheticWorld';
import { useAppStore } from '../../store/app';
import { AccuracyTable } from './AccuracyTable';
import { ProgressLine } from './ProgressLine';
import { ReasonButton } from '../whyDisabled';

const NO_EVALUATOR = 'No evaluator is connected to this page.';

const BASELINE_LABELS: Record<(typeof BASELINES)[number], string> = {
  'no-memory': 'Baseline: no memory (frozen base)',
  'truncated-history': 'Baseline: truncated full history (frozen base)',
  rag: 'Baseline: lexical RAG over the history (frozen base)',
};

export function EvalPanel() {
  const services = useAppStore((s) => s.services);
  const evaluation = useAppStore((s) => s.evaluation);
  const evaluate = useAppStore((s) => s.evaluate);
  const storedRuns = useAppStore((s) => s.storedRuns);
  const [runs, setRuns] = useState<RunRecord[]>([]);
  const [choice, setChoice] = useState('baseline:no-memory');
  const [split, setSplit] = useState<'val' | 'train'>('val');
  const setupDataset = useAppStore((s) => s.setup.dataset);
  // Unless the person picks one, the history follows the world evaluated: a stored run's, else the setup panel's.
  const [pickedHistory, setHistory] = useState<HistoryScope>();
  const [limit, setLimit] = useState('');
  const [problem, setProblem] = useState<string>();

  const [listed, setListed] = useState(0);
  const refresh = () => setListed((n) => n + 1);
  useEffect(() => {
    if (!services) return;
    let live = true;
    services.listRuns().then(
      (r) => {
        if (live) setRuns(r);
      },
      (err: unknown) => {
        if (live) setProblem(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      live = false;
    };
  }, [services, listed, storedRuns]);

  const targetDataset = (choice.startsWith('run:') ? runs.find((r) => r.id === choice.slice(4))?.setup.dataset : undefined) ?? setupDataset;
  const history = pickedHistory ?? defaultHistoryScope(targetDataset);

  const onEvaluate = () => {
    const setup = useAppStore.getState().setup;
    let target: EvalTarget;
    if (choice.startsWith('run:')) target = { kind: 'run', runId: choice.slice(4) };
    else if (choice === 'untrained') target = { kind: 'untrained', setup };
    else target = { kind: 'baseline', name: choice.slice('baseline:'.length) as (typeof BASELINES)[number], setup };
    const n = limit.trim() === '' ? undefined : Number(limit);
    if (n !== undefined && (!Number.isInteger(n) || n < 1)) {
      setProblem(`Questions must be a whole number ≥ 1, or empty for the whole split (got "${limit}").`);
      return;
    }
    setProblem(undefined);
    void evaluate(target, { split, history, ...(n !== undefined ? { limit: n } : {}) });
  };

  const p = evaluation.progress;
  return (
    <section className="panel eval" aria-labelledby="eval-title" data-testid="eval">
      <h2 id="eval-title">Evaluation</h2>
      <p className="hint">Accuracy per question type of a trained run (its final adapters) or a baseline, on the world of the run (baselines: the setup panel’s world and model), and how much of each question’s gold evidence the memory the Retriever reads still holds. It runs in a worker; the page stays responsive.</p>
      {!services && <p className="hint">No evaluator is connected.</p>}
      <div className="eval-form">
        <label className="field">
          <span>What to evaluate</span>
          <select data-testid="eval.target" value={choice} onFocus={refresh} onChange={(e) => setChoice(e.target.value)}>
            <optgroup label="Stored runs (final adapters)">
              {runs.map((r) => (
                <option key={r.id} value={`run:${r.id}`}>
                  {`Run ${r.id} · ${r.setup.rl.credit_mode} · ${r.step} steps · ${r.status}`}
                </option>
              ))}
            </optgroup>
            <optgroup label="Without training">
              <option value="untrained">Untrained team (base model, no adapters)</option>
              {BASELINES.map((b) => (
                <option key={b} value={`baseline:${b}`}>
                  {BASELINE_LABELS[b]}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label className="field">
          <span>Split</span>
          <select data-testid="eval.split" value={split} onChange={(e) => setSplit(e.target.value === 'train' ? 'train' : 'val')}>
            <option value="val">validation</option>
            <option value="train">training</option>
          </select>
        </label>
        <label className="field" title="The paper trains on the session that holds a question's evidence and evaluates on every turn before the question. With chunked extraction on (GRPO settings), the Extractor reads all of it in chunks.">
          <span>History</span>
          <select data-testid="eval.history" value={history} onChange={(e) => setHistory(e.target.value === 'evidence' ? 'evidence' : 'full')}>
            <option value="full">full: all sessions up to the question</option>
            <option value="evidence">evidence: the session holding the evidence</option>
          </select>
        </label>
        <label className="field">
          <span>Questions (empty = all)</span>
          <input data-testid="eval.limit" type="number" min={1} step={1} value={limit} onChange={(e) => setLimit(e.target.value)} />
        </label>
        <div className="eval-buttons">
          <ReasonButton data-testid="eval.run" why={(!services && NO_EVALUATOR) || (evaluation.running && 'An evaluation is running.')} onClick={onEvaluate}>
            Evaluate
          </ReasonButton>
          <ReasonButton data-testid="eval.refresh" why={!services && NO_EVALUATOR} onClick={refresh}>
            Refresh run list
          </ReasonButton>
        </div>
      </div>
      {problem && (
        <p role="alert" className="field-problem">
          {problem}
        </p>
      )}
      {evaluation.running && (
        <div className="progress-bars" role="status">
          {p ? <ProgressLine testId="eval.progress" title="Evaluation" done={p.done} total={p.total} unit={p.unit === 'bytes' ? 'bytes' : p.unit} label={p.label} /> : <span>Starting the eval worker…</span>}
        </div>
      )}
      {evaluation.error && (
        <p role="alert" className="problems" data-testid="eval.error">
          {evaluation.error.message}
        </p>
      )}
      {evaluation.result && !evaluation.running && <AccuracyTable result={evaluation.result} />}
    </section>
  );
}

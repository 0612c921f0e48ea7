// The rollout stepper panel: choose run → step → question → trajectory, walk s0 → s3 with buttons or
// ←/→, colour tokens by log-probability; below it the group view and the early/late diff.

import { useEffect, useMemo, type KeyboardEvent } from 'react';
import { useAppStore } from '../../store/app';
import { DiffView } from './DiffView';
import { explainTrajectory, STAGES, type Stage } from '../../run/stepper/explain';
import { GroupView } from './GroupView';
import { StageView } from './StageView';
import './stepper.css';
import { ReasonButton } from '../whyDisabled';

const STAGE_TITLES: Record<Stage, string> = { 0: 's0 history', 1: 's1 M_f', 2: 's2 M_c', 3: 's3 answer' };

function isTextField(el: EventTarget): boolean {
  return el instanceof HTMLElement && (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || el.isContentEditable);
}

export function StepperPanel() {
  const st = useAppStore((s) => s.stepper);
  const refresh = useAppStore((s) => s.refreshStepperRuns);
  const storedRuns = useAppStore((s) => s.storedRuns);
  const selectRun = useAppStore((s) => s.selectStepperRun);
  const selectStep = useAppStore((s) => s.selectStepperStep);
  const selectGroup = useAppStore((s) => s.selectStepperGroup);
  const selectTrajectory = useAppStore((s) => s.selectStepperTrajectory);
  const setStage = useAppStore((s) => s.setStepperStage);
  const move = useAppStore((s) => s.moveStepperStage);
  const setColour = useAppStore((s) => s.setColourTokens);

  useEffect(() => {
    void refresh();
  }, [refresh, storedRuns]);

  const groups = useMemo(() => {
    const seen = new Map<number, { question: string; type: string }>();
    for (const r of st.stepRows) if (!seen.has(r.group)) seen.set(r.group, { question: r.question_id, type: r.question_type });
    return [...seen.entries()].sort((a, b) => a[0] - b[0]);
  }, [st.stepRows]);
  const groupRows = useMemo(() => st.stepRows.filter((r) => r.group === st.group).sort((a, b) => a.trajectory - b.trajectory), [st.stepRows, st.group]);
  const row = groupRows.find((r) => r.trajectory === st.trajectory);
  const rl = st.run?.setup.rl;
  const explanation = useMemo(() => (row && st.problem && rl ? explainTrajectory(row, st.problem, rl) : undefined), [row, st.problem, rl]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (isTextField(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'ArrowRight') move(1);
    else if (e.key === 'ArrowLeft') move(-1);
    else return;
    e.preventDefault();
  };

  return (
    <section className="stepper" aria-label="Rollout stepper" data-testid="stepper.panel" onKeyDown={onKeyDown}>
      <h2>Rollout stepper</h2>
      <p className="hint">Pick a stored run, a step, a question and one of its G trajectories; walk its states with ← and → (or the buttons).</p>
      <div className="stepper-pickers">
        <label>
          Run{' '}
          <select aria-label="Run" value={st.run?.id ?? ''} onChange={(e) => void selectRun(e.target.value === '' ? undefined : e.target.value)}>
            <option value="">(choose a run)</option>
            {st.runs.map((r) => (
              <option key={r.id} value={r.id}>
                {r.id} · {r.status} · {r.step} steps
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void refresh()}>
          Refresh runs
        </button>
        {st.run && (
          <label>
            Step{' '}
            <select aria-label="Step" value={st.step ?? ''} onChange={(e) => void selectStep(Number(e.target.value))}>
              {Array.from({ length: st.run.step }, (_, i) => i + 1).map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        )}
        {groups.length > 0 && (
          <label>
            Question{' '}
            <select aria-label="Question" value={st.group ?? ''} onChange={(e) => void selectGroup(Number(e.target.value))}>
              {groups.map(([g, q]) => (
                <option key={g} value={g}>
                  {q.question} ({q.type})
                </option>
              ))}
            </select>
          </label>
        )}
        {groupRows.length > 0 && (
          <label>
            Trajectory{' '}
            <select aria-label="Trajectory" value={st.trajectory ?? ''} onChange={(e) => selectTrajectory(Number(e.target.value))}>
              {groupRows.map((r) => (
                <option key={r.trajectory} value={r.trajectory}>
                  #{r.trajectory + 1} (r3 = {r.global})
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <input type="checkbox" checked={st.colourTokens} onChange={(e) => setColour(e.target.checked)} /> Colour tokens by log-probability
        </label>
        {st.colourTokens && <span className="hint">red: improbable under the policy at sampling time · yellow: p ≈ 0.5 · green: near certain (hover a token for its log p)</span>}
      </div>
      {st.loading && (
        <p role="status" data-testid="stepper.loading">
          Loading the run's records…
        </p>
      )}
      {st.error && (
        <p role="alert" className="problems" data-testid="stepper.error">
          {st.error.name}: {st.error.message}
        </p>
      )}
      {st.runs.length === 0 && !st.loading && <p className="hint">No stored runs yet: train one first.</p>}
      {row && explanation && (
        <div className="stepper-walk" role="region" aria-label="Rollout state" tabIndex={0} data-testid="stepper.stage" data-stage={st.stage}>
          <div className="stepper-nav">
            <ReasonButton onClick={() => move(-1)} why={st.stage === 0 && 's0 is the first state.'}>
              ← Previous state
            </ReasonButton>
            {STAGES.map((s) => (
              <button key={s} type="button" aria-pressed={st.stage === s} onClick={() => setStage(s)}>
                {STAGE_TITLES[s]}
              </button>
            ))}
            <ReasonButton onClick={() => move(1)} why={st.stage === 3 && 's3 is the last state.'}>
              Next state →
            </ReasonButton>
          </div>
          <StageView stage={st.stage} ex={explanation} row={row} coloured={st.colourTokens} />
        </div>
      )}
      {row && rl && st.group !== undefined && <GroupView stepRows={st.stepRows} group={st.group} rl={rl} />}
      {row && <DiffView rows={st.questionRows} questionId={row.question_id} trajectory={row.trajectory} />}
    </section>
  );
}

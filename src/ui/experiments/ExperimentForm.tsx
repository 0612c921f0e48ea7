// The comparison form: which credit modes, which seeds, the training budget per run and how many
// validation questions to evaluate; the rest (world, model, prompts, GRPO settings) is the setup panel's.

import { useState } from 'react';
import { ExperimentSpecError } from '../../experiments/errors';
import { COMPARED_MODES, MODE_LABELS, parseSeeds, type ComparedMode, type ExperimentSpec } from '../../experiments/plan';
import { EXPERIMENT_PRESETS } from '../../experiments/presets';
import { useAppStore } from '../../store/app';
import { useSetupProblems } from '../useSetupProblems';
import { ReasonButton } from '../whyDisabled';

export function ExperimentForm() {
  const setup = useAppStore((s) => s.setup);
  const updateSetup = useAppStore((s) => s.updateSetup);
  const startExperiment = useAppStore((s) => s.startExperiment);
  const running = useAppStore((s) => s.experiments.runningId !== undefined);
  const connected = useAppStore((s) => s.services !== undefined);
  const setupProblems = useSetupProblems();
  const [name, setName] = useState('Credit modes');
  const [modes, setModes] = useState<ComparedMode[]>(['adaptive', 'local', 'global', 'equal', 'independent']);
  const [seeds, setSeeds] = useState('1');
  const [steps, setSteps] = useState(String(Math.min(setup.steps || 10, 10)));
  const [evalLimit, setEvalLimit] = useState('');
  const [problem, setProblem] = useState<string>();
  const [lesson, setLesson] = useState<string>();

  const toggle = (m: ComparedMode, on: boolean) => setModes((cur) => COMPARED_MODES.filter((x) => (x === m ? on : cur.includes(x))));

  const applyPreset = (id: string) => {
    const p = EXPERIMENT_PRESETS.find((x) => x.id === id);
    if (!p) return;
    setName(p.name);
    setModes([...p.modes]);
    setSeeds(p.seeds.join(','));
    setSteps(String(p.steps));
    setEvalLimit(String(p.evalLimit));
    setLesson(p.lesson);
    updateSetup((s) => ({ ...s, dataset: { ...p.world } }));
  };

  const onStart = () => {
    try {
      const n = Number(steps);
      const limit = evalLimit.trim() === '' ? undefined : Number(evalLimit);
      const spec: ExperimentSpec = { name, base: { ...useAppStore.getState().setup, steps: n }, modes, seeds: parseSeeds(seeds), ...(limit !== undefined ? { evalLimit: limit } : {}) };
      setProblem(undefined);
      void startExperiment(spec);
    } catch (err) {
      if (!(err instanceof ExperimentSpecError)) throw err;
      setProblem(err.message);
    }
  };

  const blocked = setupProblems.length > 0;
  return (
    <form
      className="experiment-form"
      aria-label="Plan a comparison"
      onSubmit={(e) => {
        e.preventDefault();
        onStart();
      }}
    >
      <div className="presets">
        {EXPERIMENT_PRESETS.map((p) => (
          <button key={p.id} type="button" data-testid={`experiments.preset.${p.id}`} onClick={() => applyPreset(p.id)}>
            Lesson: {p.name}
          </button>
        ))}
      </div>
      {lesson && (
        <p className="lesson" data-testid="experiments.lesson">
          {lesson}
        </p>
      )}
      <div className="field-grid">
        <label className="field">
          <span>Name</span>
          <input data-testid="experiments.name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Seeds (comma-separated)</span>
          <input data-testid="experiments.seeds" value={seeds} onChange={(e) => setSeeds(e.target.value)} />
        </label>
        <label className="field">
          <span>Training steps per run</span>
          <input data-testid="experiments.steps" type="number" min={1} step={1} value={steps} onChange={(e) => setSteps(e.target.value)} />
        </label>
        <label className="field">
          <span>Validation questions (empty = all)</span>
          <input data-testid="experiments.evalLimit" type="number" min={1} step={1} value={evalLimit} onChange={(e) => setEvalLimit(e.target.value)} />
        </label>
      </div>
      <fieldset className="modes">
        <legend>Credit modes to compare</legend>
        {COMPARED_MODES.map((m) => (
          <label key={m} className="check">
            <input type="checkbox" data-testid={`experiments.mode.${m}`} checked={modes.includes(m)} onChange={(e) => toggle(m, e.target.checked)} />
            {MODE_LABELS[m]}
          </label>
        ))}
      </fieldset>
      <p className="hint">
        Every run uses the setup panel’s world, model, prompts and GRPO settings (G = {setup.rl.num_generations}, {setup.questionsPerStep} questions per step); only the credit mode and the seed change.
        {modes.includes('independent')
          ? setup.rl.independent_agent === 'all'
            ? ' The independent run trains each agent in turn on its own local reward, the other two frozen.'
            : ` The independent run trains only the ${setup.rl.independent_agent} on its local reward; the others stay frozen.`
          : ''}
      </p>
      {blocked && <p className="field-problem">Fix the setup first: {setupProblems[0]?.message}</p>}
      {problem && (
        <p role="alert" className="field-problem" data-testid="experiments.problem">
          {problem}
        </p>
      )}
      <ReasonButton
        type="submit"
        data-testid="experiments.start"
        why={(!connected && 'No trainer or evaluator is connected to this page.') || (running && 'An experiment is running.') || (blocked && `Fix the setup first: ${setupProblems[0]?.message ?? ''}`)}
      >
        Run comparison
      </ReasonButton>
    </form>
  );
}

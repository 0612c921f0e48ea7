// Setup: the LoRA adapters (rank, alpha, target layers) and the run's length, batch and seed.

import { useAppStore } from '../../store/app';
import { LORA_TARGETS, type SetupProblem } from '../../run/setup';
import { FieldProblem, NumberField, problemFor } from './fields';

export function RunSection({ problems }: { problems: readonly SetupProblem[] }) {
  const setup = useAppStore((s) => s.setup);
  const updateSetup = useAppStore((s) => s.updateSetup);
  const { lora } = setup;
  const toggle = (t: string, on: boolean) =>
    updateSetup((s) => ({ ...s, lora: { ...s.lora, targets: on ? LORA_TARGETS.filter((x) => x === t || s.lora.targets.includes(x)) : s.lora.targets.filter((x) => x !== t) } }));
  return (
    <fieldset className="setup-group" data-testid="setup.run">
      <legend>Adapters and run</legend>
      <div className="field-grid">
        <NumberField field="lora.r" label="LoRA rank r" value={lora.r} problem={problemFor(problems, 'lora.r')} onChange={(r) => updateSetup((s) => ({ ...s, lora: { ...s.lora, r } }))} />
        <NumberField field="lora.alpha" label="LoRA alpha" value={lora.alpha} problem={problemFor(problems, 'lora.alpha')} onChange={(alpha) => updateSetup((s) => ({ ...s, lora: { ...s.lora, alpha } }))} />
      </div>
      <div className="targets" role="group" aria-label="LoRA target layers">
        {LORA_TARGETS.map((t) => (
          <label key={t} className="check">
            <input type="checkbox" data-testid={`setup.lora.targets.${t}`} checked={lora.targets.includes(t)} onChange={(e) => toggle(t, e.target.checked)} />
            {t}
          </label>
        ))}
      </div>
      <FieldProblem id="setup-lora-targets-problem" field="lora.targets" message={problemFor(problems, 'lora.targets')} />
      <div className="field-grid">
        <NumberField
          field="questionsPerStep"
          label="Questions per step"
          hint="Each question gets a group of num_generations trajectories. The restated lesson starts at 4 (its chart's global reward averages 16 trajectories a step), every other world at 2."
          value={setup.questionsPerStep}
          problem={problemFor(problems, 'questionsPerStep')}
          onChange={(v) => updateSetup((s) => ({ ...s, questionsPerStep: v }))}
        />
        <NumberField field="steps" label="Steps (0 = until stopped)" value={setup.steps} problem={problemFor(problems, 'steps')} onChange={(v) => updateSetup((s) => ({ ...s, steps: v }))} />
        <NumberField
          field="checkpointEvery"
          label="Checkpoint every (steps)"
          value={setup.checkpointEvery}
          problem={problemFor(problems, 'checkpointEvery')}
          onChange={(v) => updateSetup((s) => ({ ...s, checkpointEvery: v }))}
        />
        <NumberField field="seed" label="Seed" hint="Sampling and data order." value={setup.seed} problem={problemFor(problems, 'seed')} onChange={(v) => updateSetup((s) => ({ ...s, seed: v }))} />
      </div>
    </fieldset>
  );
}

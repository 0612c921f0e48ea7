// Generate a synthetic world: seed, a size preset, and the size knobs (each preset only fills them in).

import { useState, type FormEvent } from 'react';
import { DEFAULT_WORLD, WORLD_PRESETS, type WorldConfig } from '../../env/worldConfig';
import { useAppStore } from '../../store/app';
import { startDataJob } from './importBridge';
import { ReasonButton } from '../whyDisabled';

type Knob = 'personas' | 'sessionsPerPersona' | 'turnsPerSession' | 'distractorRatio';
const KNOBS: readonly { key: Knob; label: string; testId: string; step: number }[] = [
  { key: 'personas', label: 'personas', testId: 'dataset.personas', step: 1 },
  { key: 'sessionsPerPersona', label: 'sessions per persona', testId: 'dataset.sessions', step: 1 },
  { key: 'turnsPerSession', label: 'turns per session', testId: 'dataset.turns', step: 2 },
  { key: 'distractorRatio', label: 'distractor ratio', testId: 'dataset.distractors', step: 0.1 },
];

export function GenerateForm() {
  const running = useAppStore((s) => s.data.job.status === 'running');
  const [seed, setSeed] = useState(1);
  const [config, setConfig] = useState<WorldConfig>({ ...DEFAULT_WORLD, ...WORLD_PRESETS.tiny });
  const applyPreset = (name: string) => {
    if (name in WORLD_PRESETS) setConfig({ ...DEFAULT_WORLD, ...WORLD_PRESETS[name as keyof typeof WORLD_PRESETS] });
  };
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    void startDataJob({ kind: 'generate', config: { ...config, seed } }, `Generating a world (seed ${seed})`);
  };
  return (
    <form className="dataset-card" onSubmit={submit} aria-label="Generate a synthetic world">
      <h3>Generate a world</h3>
      <label>
        seed <input data-testid="dataset.seed" type="number" min={0} value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
      </label>
      <label>
        size{' '}
        <select data-testid="dataset.preset" defaultValue="tiny" onChange={(e) => applyPreset(e.target.value)}>
          {Object.keys(WORLD_PRESETS).map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      {KNOBS.map((k) => (
        <label key={k.key}>
          {k.label}{' '}
          <input data-testid={k.testId} type="number" step={k.step} value={config[k.key]} onChange={(e) => setConfig({ ...config, [k.key]: Number(e.target.value) })} />
        </label>
      ))}
      <ReasonButton type="submit" data-testid="dataset.generate" why={running && 'A dataset job is running.'}>
        Generate
      </ReasonButton>
    </form>
  );
}

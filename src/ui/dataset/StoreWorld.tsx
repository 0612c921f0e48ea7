// Store the setup's generated world in the browser (same seed and knobs the run trains on), to browse
// its personas, questions and evidence, or to train on it later as a stored dataset.

import type { WorldConfig } from '../../env/worldConfig';
import type { DatasetRef } from '../../protocol/trainer';
import { useAppStore } from '../../store/app';
import { ReasonButton } from '../whyDisabled';
import { startDataJob } from './importBridge';

type SyntheticRef = Extract<DatasetRef, { kind: 'synthetic' }>;

/** The generator's config for a synthetic ref: only what the ref names (rl/syntheticWorld.ts does the same). */
function worldConfigOf(ref: SyntheticRef): Partial<WorldConfig> {
  const { seed, personas, sessionsPerPersona, turnsPerSession, distractorRatio, style, topicsPerPersona, questionsPerType } = ref;
  return {
    seed,
    personas,
    sessionsPerPersona,
    turnsPerSession,
    distractorRatio,
    ...(style !== undefined ? { style } : {}),
    ...(topicsPerPersona !== undefined ? { topicsPerPersona } : {}),
    ...(questionsPerType !== undefined ? { questionsPerType } : {}),
  };
}

export function StoreWorld() {
  const dataset = useAppStore((s) => s.setup.dataset);
  const running = useAppStore((s) => s.data.job.status === 'running');
  const why = (dataset.kind !== 'synthetic' && 'The run trains on a stored dataset; choose "Generated world" above to store one.') || (running && 'A dataset job is running.');
  const store = () => {
    if (dataset.kind !== 'synthetic') return;
    void startDataJob({ kind: 'generate', config: worldConfigOf(dataset) }, `Generating a world (seed ${dataset.seed})`);
  };
  return (
    <div className="dataset-card" aria-label="Store the generated world">
      <h3>Store this world</h3>
      <p className="hint">The world above, generated in a worker and stored here: browse its personas, questions and evidence below, or train on it as a stored dataset.</p>
      <ReasonButton data-testid="dataset.generate" why={why} onClick={store}>
        Store this world
      </ReasonButton>
    </div>
  );
}

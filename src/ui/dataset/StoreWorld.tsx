// Store the setup's generated world in the browser (same seed and knobs the run trains on), to browse
// its personas, questions and evidence, or to train on it later as a stored dataset.

import { worldConfigOf } from '../../rl/syntheticWorld';
import { useAppStore } from '../../store/app';
import { ReasonButton } from '../whyDisabled';
import { startDataJob } from './importBridge';

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

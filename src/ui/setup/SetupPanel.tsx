// The setup panel: everything that defines a run (RunSetup), with inline validation; the list of
// problems here is exactly what keeps Start disabled.

import { useSetupProblems } from '../useSetupProblems';
import { CreditSection, GrpoSection } from './GrpoSection';
import { useAppStore } from '../../store/app';
import { describeDataset } from './DatasetSection';
import { ModelSection } from './ModelSection';
import { PromptsSection } from './PromptsSection';
import { RunSection } from './RunSection';
import { ShareLink } from './ShareLink';

export function SetupPanel() {
  const problems = useSetupProblems();
  const dataset = useAppStore((s) => s.setup.dataset);
  return (
    <section className="panel setup" aria-label="Run setup" data-testid="setup.panel">
      <h2>Setup</h2>
      <ShareLink />
      {problems.length > 0 ? (
        <div className="problems-summary" data-testid="setup.problems" data-count={problems.length}>
          <p>
            Start is disabled: {problems.length} setting{problems.length === 1 ? '' : 's'} to fix.
          </p>
          <ul>
            {problems.map((p) => (
              <li key={`${p.field}:${p.message}`}>{p.message}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="ok" data-testid="setup.valid">
          All settings are valid.
        </p>
      )}
      <p className="dataset-summary" data-testid="setup.dataset.summary">
        Dataset: {describeDataset(dataset)}. <a href="#dataset">Change it in the Dataset section</a>.
      </p>
      <ModelSection problems={problems} />
      <CreditSection problems={problems} />
      <GrpoSection problems={problems} />
      <RunSection problems={problems} />
      <PromptsSection problems={problems} />
    </section>
  );
}

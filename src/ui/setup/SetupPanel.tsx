// The setup panel: everything that defines a run (RunSetup), with inline validation; the list of
// problems here is exactly what keeps Start disabled.

import { useMemo } from 'react';
import { useAppStore } from '../../store/app';
import { setupProblems } from '../../store/setupSlice';
import { CreditSection, GrpoSection } from './GrpoSection';
import { DatasetSection } from './DatasetSection';
import { ModelSection } from './ModelSection';
import { PromptsSection } from './PromptsSection';
import { RunSection } from './RunSection';
import { ShareLink } from './ShareLink';

/** The setup's problems, recomputed only when an input to them changes. */
export function useSetupProblems() {
  const setup = useAppStore((s) => s.setup);
  const modelCheck = useAppStore((s) => s.modelCheck);
  const promptTokens = useAppStore((s) => s.promptTokens);
  const memoryLimitBytes = useAppStore((s) => s.memoryLimitBytes);
  return useMemo(() => setupProblems({ setup, modelCheck, promptTokens, memoryLimitBytes }), [setup, modelCheck, promptTokens, memoryLimitBytes]);
}

export function SetupPanel() {
  const problems = useSetupProblems();
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
      <DatasetSection problems={problems} />
      <ModelSection problems={problems} />
      <CreditSection problems={problems} />
      <GrpoSection problems={problems} />
      <RunSection problems={problems} />
      <PromptsSection problems={problems} />
    </section>
  );
}

// The app shell: header with the compute badge, the problems the URL had, and the panels, one
// section each in <main> (the layout places them by class; new panels simply append).

import { useAppStore } from '../store/app';
import { ChartsPanel } from './charts/ChartsPanel';
import { ClassroomBar } from './classroom/ClassroomBar';
import { ComputeBadge } from './ComputeBadge';
import { RunControls } from './controls/RunControls';
import { CreditCalculator } from './credit/CreditCalculator';
import { DatasetPanel } from './dataset/DatasetPanel';
import { AdaptersPanel } from './export/AdaptersPanel';
import { EvalPanel } from './eval/EvalPanel';
import { ExperimentsPanel } from './experiments/ExperimentsPanel';
import { HistoryPanel } from './history/HistoryPanel';
import { MemoryBankPanel } from './memory/MemoryBankPanel';
import { SetupPanel } from './setup/SetupPanel';
import { StepperPanel } from './stepper/StepperPanel';
import { StoragePanel } from './storage/StoragePanel';

export function App({ urlProblems }: { urlProblems: string[] }) {
  const classroom = useAppStore((s) => s.classroom);
  return (
    <div className={classroom ? 'app classroom' : 'app'} data-testid="app" data-classroom={classroom}>
      <header className="app-header">
        <h1>comam-lab</h1>
        <p className="tagline">Three small language-model agents learn, together, to run a personalized memory.</p>
        <ComputeBadge />
        <ClassroomBar />
      </header>
      {urlProblems.length > 0 && (
        <div role="alert" data-testid="url.problems" className="problems">
          {urlProblems.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      )}
      <main>
        <RunControls />
        <SetupPanel />
        <ChartsPanel />
        <HistoryPanel />
        <ExperimentsPanel />
        <EvalPanel />
        <DatasetPanel />
        <StepperPanel />
        <MemoryBankPanel />
        <CreditCalculator />
        <AdaptersPanel />
        <StoragePanel />
      </main>
    </div>
  );
}

// The app shell: header with the compute badge, the problems the URL had, a sticky bar with the
// navigation by task and the run controls, then one section per task (its id is its URL hash):
// Setup (setup, dataset), Live (charts, history), Stepper (stepper, credit calculator), Memory,
// Evaluate (experiments, evaluation), Adapters, Storage.

import { useCallback, useLayoutEffect, useRef, type ReactNode } from 'react';
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
import { SectionNav } from './nav/SectionNav';
import { SECTIONS, type SectionId } from './nav/sections';
import { SetupPanel } from './setup/SetupPanel';
import { StepperPanel } from './stepper/StepperPanel';
import { StoragePanel } from './storage/StoragePanel';

function Task({ id, children }: { id: SectionId; children: ReactNode }) {
  const section = SECTIONS.find((s) => s.id === id);
  return (
    <section id={id} className={`task task-${id}${section?.classroom ? ' in-classroom' : ''}`} aria-label={section?.label} tabIndex={-1} data-testid={`section.${id}`}>
      {children}
    </section>
  );
}

export function App({ urlProblems }: { urlProblems: string[] }) {
  const classroom = useAppStore((s) => s.classroom);
  const bar = useRef<HTMLDivElement>(null);
  const barBottom = useCallback(() => bar.current?.getBoundingClientRect().bottom ?? 0, []);
  // Sections scroll to just below the sticky bar, whatever its height (the run bar grows while a run loads).
  useLayoutEffect(() => {
    const el = bar.current;
    if (!el) return;
    const set = () => document.documentElement.style.setProperty('--top-bar-height', `${el.offsetHeight}px`);
    set();
    const watch = new ResizeObserver(set);
    watch.observe(el);
    return () => watch.disconnect();
  }, []);
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
      <div className="top-bar" ref={bar}>
        <SectionNav barBottom={barBottom} />
        <RunControls />
      </div>
      <main>
        <Task id="setup">
          <SetupPanel />
          <DatasetPanel />
        </Task>
        <Task id="live">
          <ChartsPanel />
          <HistoryPanel />
        </Task>
        <Task id="stepper">
          <StepperPanel />
          <CreditCalculator />
        </Task>
        <Task id="memory">
          <MemoryBankPanel />
        </Task>
        <Task id="evaluate">
          <ExperimentsPanel />
          <EvalPanel />
        </Task>
        <Task id="adapters">
          <AdaptersPanel />
        </Task>
        <Task id="storage">
          <StoragePanel />
        </Task>
      </main>
    </div>
  );
}

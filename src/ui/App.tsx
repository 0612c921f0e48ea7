// The app shell: header with the compute badge, the problems the URL had, and the panels.

import { ComputeBadge } from './ComputeBadge';
import { CreditCalculator } from './credit/CreditCalculator';
import { DatasetPanel } from './dataset/DatasetPanel';

export function App({ urlProblems }: { urlProblems: string[] }) {
  return (
    <div className="app">
      <header className="app-header">
        <h1>comam-lab</h1>
        <p className="tagline">Three small language-model agents learn, together, to run a personalized memory.</p>
        <ComputeBadge />
      </header>
      {urlProblems.length > 0 && (
        <div role="alert" data-testid="url.problems" className="problems">
          {urlProblems.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      )}
      <main>
        <DatasetPanel />
        <CreditCalculator />
      </main>
    </div>
  );
}

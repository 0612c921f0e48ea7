// The one Dataset section: what the run trains on (a generated world's seed and knobs, or a stored
// dataset), storing that world, importing PersonaMem files, and browsing what is stored.

import { DatasetSection } from '../setup/DatasetSection';
import { useSetupProblems } from '../useSetupProblems';
import { DatasetBrowser } from './DatasetBrowser';
import { DatasetList, JobStatus } from './DatasetList';
import { ImportForm } from './ImportForm';
import { StoreWorld } from './StoreWorld';
import './dataset.css';

export function DatasetPanel() {
  const problems = useSetupProblems();
  return (
    <section className="panel dataset" id="dataset" aria-label="Dataset" data-testid="dataset.panel">
      <h2>Dataset</h2>
      <DatasetSection problems={problems} />
      <div className="dataset-sources">
        <StoreWorld />
        <ImportForm />
      </div>
      <JobStatus />
      <DatasetList />
      <DatasetBrowser />
    </section>
  );
}

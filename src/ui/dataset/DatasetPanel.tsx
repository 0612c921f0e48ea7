// The Dataset panel: generate a world or import PersonaMem files, then browse what is stored.

import { DatasetBrowser } from './DatasetBrowser';
import { DatasetList, JobStatus } from './DatasetList';
import { GenerateForm } from './GenerateForm';
import { ImportForm } from './ImportForm';
import './dataset.css';

export function DatasetPanel() {
  return (
    <section className="dataset" aria-label="Dataset" data-testid="dataset.panel">
      <h2>Dataset</h2>
      <div className="dataset-sources">
        <GenerateForm />
        <ImportForm />
      </div>
      <JobStatus />
      <DatasetList />
      <DatasetBrowser />
    </section>
  );
}

// The stored datasets (live from IndexedDB), the running job's status, and which dataset is open.

import { useLiveQuery } from 'dexie-react-hooks';
import { deleteDataset, labDb, listDatasets } from '../../homes/storage/db';
import { useAppStore } from '../../store/app';

export function JobStatus() {
  const job = useAppStore((s) => s.data.job);
  return (
    <div data-testid="dataset.job" data-status={job.status} className="dataset-job">
      {job.status === 'running' && <span>{job.label}…</span>}
      {job.status === 'done' && (
        <span>
          Stored {job.summary.name}: {job.summary.questions} questions in {(job.summary.ms / 1000).toFixed(1)} s.
        </span>
      )}
      {job.status === 'failed' && (
        <p role="alert" data-testid="dataset.error" data-error={job.error.name} className="dataset-problem">
          <strong>{job.error.name}</strong>: {job.error.message} Nothing was stored.
        </p>
      )}
    </div>
  );
}

export function DatasetList() {
  const datasets = useLiveQuery(() => listDatasets(labDb()), []);
  const selected = useAppStore((s) => s.data.selected.datasetId);
  const select = useAppStore((s) => s.selectDataset);
  const training = useAppStore((s) => s.setup.dataset);
  const updateSetup = useAppStore((s) => s.updateSetup);
  if (!datasets || datasets.length === 0) return <p data-testid="dataset.empty">No datasets stored yet.</p>;
  return (
    <ul className="dataset-list" data-testid="dataset.list">
      {datasets.map((d) => (
        <li key={d.id} className={d.id === selected ? 'selected' : ''}>
          <button type="button" data-testid={`dataset.item.${d.id}`} onClick={() => select(d.id)}>
            {d.name}
          </button>{' '}
          <span className="muted">
            {d.source} · {d.counts.personas} personas · {d.counts.questions} questions · {d.counts.turns} turns · split {d.split.train.length}/{d.split.val.length}
          </span>{' '}
          {training.kind === 'stored' && training.id === d.id ? (
            <strong data-testid={`dataset.training.${d.id}`}>the run trains on this</strong>
          ) : (
            <button type="button" data-testid={`dataset.use.${d.id}`} onClick={() => updateSetup((s) => ({ ...s, dataset: { kind: 'stored', id: d.id } }))}>
              Train on this
            </button>
          )}{' '}
          <button
            type="button"
            data-testid={`dataset.delete.${d.id}`}
            onClick={() => {
              if (selected === d.id) select(undefined);
              void deleteDataset(labDb(), d.id);
            }}
          >
            delete
          </button>
        </li>
      ))}
    </ul>
  );
}

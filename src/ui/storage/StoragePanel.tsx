// Storage care: space used and quota, whether the browser keeps this site's data (persist), and
// every run exported to one backup file and imported back (one transaction, conflicts reported).

import { useCallback, useEffect, useState } from 'react';
import { exportBackup, importBackup, readBackup, type BackupProgress, type ConflictPolicy } from '../../export/backup';
import { formatBytes } from '../../model/memoryEstimate';
import { serializeError, type SerializedError } from '../../protocol/errors';
import { useAppStore } from '../../store/app';
import { labDb } from '../../homes/storage/db';
import { downloadBlob } from '../charts/exportFiles';
import { TaskProgress, type TaskProgressState } from './TaskProgress';
import { ReasonButton, useWhyDisabled } from '../whyDisabled';

interface Usage {
  usage?: number;
  quota?: number;
  persisted?: boolean;
  unsupported?: boolean;
}

async function readUsage(): Promise<Usage> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!storage?.estimate) return { unsupported: true };
  const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted ? storage.persisted() : Promise.resolve(false)]);
  return { usage: estimate.usage, quota: estimate.quota, persisted };
}

const PHASE_TITLE: Record<BackupProgress['phase'], string> = { read: 'Reading runs', pack: 'Packing', check: 'Checking the file', write: 'Writing runs' };

export function StoragePanel() {
  const storedRuns = useAppStore((s) => s.storedRuns);
  const storedRunsChanged = useAppStore((s) => s.storedRunsChanged);
  const [usage, setUsage] = useState<Usage>({});
  const [persistAnswer, setPersistAnswer] = useState<string>();
  const [busy, setBusy] = useState<'export' | 'import'>();
  const [progress, setProgress] = useState<TaskProgressState & { title: string }>();
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<SerializedError>();
  const [policy, setPolicy] = useState<ConflictPolicy>('skip');

  const refresh = useCallback(() => {
    void readUsage().then(setUsage, (err: unknown) => setError(serializeError(err)));
  }, []);
  useEffect(() => {
    refresh();
  }, [refresh, storedRuns]);

  const onProgress = (p: BackupProgress) => setProgress({ title: PHASE_TITLE[p.phase], done: p.done, total: p.total, label: p.label });

  async function requestPersist() {
    const granted = await navigator.storage.persist();
    setPersistAnswer(granted ? 'The browser will keep this site’s data.' : 'The browser declined for now (it decides by how much the site is used); export your runs regularly.');
    refresh();
  }

  async function exportAll() {
    setBusy('export');
    setError(undefined);
    setMessage(undefined);
    try {
      const bytes = await exportBackup(labDb(), onProgress);
      const name = `comam-lab-backup-${new Date().toISOString().slice(0, 10)}.zip`;
      downloadBlob(new Blob([new Uint8Array(bytes)], { type: 'application/zip' }), name);
      setMessage(`Saved ${name} (${formatBytes(bytes.byteLength)}).`);
    } catch (err) {
      setError(serializeError(err));
    } finally {
      setBusy(undefined);
      setProgress(undefined);
    }
  }

  async function importFile(file: File) {
    setBusy('import');
    setError(undefined);
    setMessage(undefined);
    try {
      const contents = await readBackup(new Uint8Array(await file.arrayBuffer()), file.name, onProgress);
      const report = await importBackup(labDb(), contents, policy, onProgress);
      setMessage(report.message);
      storedRunsChanged();
    } catch (err) {
      setError(serializeError(err));
    } finally {
      setBusy(undefined);
      setProgress(undefined);
    }
  }

  const busyWhy = busy !== undefined && `A backup ${busy} is running.`;
  const [importWhy, importNote] = useWhyDisabled(busyWhy);
  const used = usage.usage !== undefined ? formatBytes(usage.usage) : '—';
  const quota = usage.quota !== undefined ? formatBytes(usage.quota) : '—';
  return (
    <section className="panel storage" aria-label="Storage" data-testid="storage.panel">
      <h2>Storage</h2>
      {usage.unsupported ? (
        <p className="hint" data-testid="storage.unsupported">
          This browser does not report storage use (it needs a secure context).
        </p>
      ) : (
        <p data-testid="storage.usage" data-usage={usage.usage} data-quota={usage.quota}>
          Using <strong>{used}</strong> of {quota} available to this site.{' '}
          <span data-testid="storage.persisted" data-persisted={String(usage.persisted ?? false)}>
            {usage.persisted ? 'Kept: the browser will not evict this data on its own.' : 'Not persistent: the browser may delete this data when space runs low, and WebKit deletes it after days without use.'}
          </span>
        </p>
      )}
      <div className="buttons">
        <button type="button" onClick={refresh}>
          Refresh storage use
        </button>
        {!usage.unsupported && !usage.persisted && (
          <button type="button" data-testid="storage.persist" onClick={() => void requestPersist()}>
            Ask the browser to keep this data
          </button>
        )}
      </div>
      {persistAnswer && <p className="hint" data-testid="storage.persistAnswer">{persistAnswer}</p>}
      <h3>Backup</h3>
      <p className="hint">One file with every run (metrics, trajectories, memory items, checkpoints and adapters) and every stored dataset.</p>
      <div className="buttons">
        <ReasonButton data-testid="storage.exportAll" why={busyWhy} onClick={() => void exportAll()}>
          Export all runs
        </ReasonButton>
        <label>
          Import runs from a backup file{' '}
          {importNote}
          <input type="file" accept=".zip,application/zip" data-testid="storage.importFile" {...importWhy} onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void importFile(file);
          }} />
        </label>
      </div>
      <fieldset className="conflicts">
        <legend>Runs already stored here</legend>
        <label>
          <input type="radio" name="storage-conflicts" checked={policy === 'skip'} onChange={() => setPolicy('skip')} /> keep the stored ones
        </label>
        <label>
          <input type="radio" name="storage-conflicts" checked={policy === 'replace'} onChange={() => setPolicy('replace')} /> replace them with the file’s
        </label>
      </fieldset>
      {progress && <TaskProgress title={progress.title} progress={progress} testId="storage.progress" />}
      {message && (
        <p role="status" data-testid="storage.message">
          {message}
        </p>
      )}
      {error && (
        <p role="alert" className="problems" data-testid="storage.error" data-error={error.name}>
          {error.name}: {error.message}
        </p>
      )}
    </section>
  );
}

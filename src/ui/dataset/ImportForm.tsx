// Import PersonaMem files by picking or dropping them: questions CSV + contexts JSONL (v1) or
// benchmark CSV + chat-history JSON files (v2). Parsing and storing happen in the import worker.

import { useState, type DragEvent } from 'react';
import { useAppStore } from '../../store/app';
import { classifyFiles } from './classifyFiles';
import { startDataJob } from './importBridge';
import { useWhyDisabled } from '../whyDisabled';

export function ImportForm() {
  const running = useAppStore((s) => s.data.job.status === 'running');
  const [why, whyNote] = useWhyDisabled(running && 'A dataset job is running.');
  const [problem, setProblem] = useState<string>();
  const [over, setOver] = useState(false);
  const take = (list: FileList | null) => {
    const picked = classifyFiles(list ? [...list] : []);
    if (!picked.ok) {
      setProblem(picked.problem);
      return;
    }
    setProblem(undefined);
    const names = picked.files.format === 'personamem-v1' ? picked.files.questions.name : picked.files.benchmark.name;
    void startDataJob({ kind: 'import', files: picked.files }, `Importing ${names}`);
  };
  const drop = (ev: DragEvent) => {
    ev.preventDefault();
    setOver(false);
    take(ev.dataTransfer.files);
  };
  return (
    <div className="dataset-card" aria-label="Import PersonaMem files">
      <h3>Import PersonaMem</h3>
      <div
        data-testid="dataset.drop"
        className={over ? 'drop over' : 'drop'}
        onDragOver={(ev) => {
          ev.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        Drop <code>questions_*.csv</code> + <code>shared_contexts_*.jsonl</code>, or <code>benchmark.csv</code> + chat-history <code>.json</code> files here
      </div>
      <label>
        or choose files{' '}
        <input data-testid="dataset.files" type="file" multiple accept=".csv,.jsonl,.json" {...why} onChange={(e) => take(e.target.files)} />
        {whyNote}
      </label>
      {problem && (
        <p role="alert" data-testid="dataset.import.problem" className="dataset-problem">
          {problem}
        </p>
      )}
    </div>
  );
}

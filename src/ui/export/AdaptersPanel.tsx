// Adapters: every stored run's LoRA adapters exported as a PEFT zip (per agent or all three), and a
// zip or folder of adapters imported onto the setup's base model as a run record.

import { useCallback, useEffect, useState } from 'react';
import { AGENT_NAMES, type AgentName } from '../../agents/names';
import { readAdapterArchive, runBaseModel } from '../../export/adapterArchive';
import { importTarget } from '../../export/baseModel';
import { ExportInputError } from '../../export/errors';
import { bundledFiles } from '../../model/sources/bundled';
import { hubFiles } from '../../model/sources/hub';
import { serializeError, type SerializedError } from '../../protocol/errors';
import type { ModelRef } from '../../model/modelRef';
import { useAppStore } from '../../store/app';
import { labDb } from '../../homes/storage/db';
import { downloadBlob } from '../charts/exportFiles';
import { adapterRuns, pickedFiles, runAdapterZip, type AdapterRun } from './adapterRuns';
import { ReasonButton, useWhyDisabled } from '../whyDisabled';

function baseFiles(ref: ModelRef) {
  if (ref.kind === 'bundled') return bundledFiles(ref.name);
  if (ref.kind === 'hub') return hubFiles({ repo: ref.repo, revision: ref.revision });
  throw new ExportInputError(`The setup's model is the folder "${ref.name}", which is not stored; choose the bundled model or a Hugging Face model as the base, then import.`, { field: 'model' });
}

const modelLabel = (ref: ModelRef) => (ref.kind === 'hub' ? `${ref.repo}@${ref.revision}` : `${ref.kind}:${ref.name}`);

/** Why an agent of a run has nothing to export yet. */
function noAdapterYet(run: AdapterRun['run'], agent: AgentName): string {
  return `Run ${run.id} has no stored ${agent} adapter yet: adapters are saved at each checkpoint (every ${run.setup.checkpointEvery} steps) and when a run is stopped.`;
}

function AgentChoice({ run, agent, stored, checked, onChange }: { run: AdapterRun['run']; agent: AgentName; stored: boolean; checked: boolean; onChange: (on: boolean) => void }) {
  const [props, note] = useWhyDisabled(!stored && noAdapterYet(run, agent));
  return (
    <label className="agent-choice" title={props.title}>
      <input type="checkbox" aria-label={`Export the ${agent} adapter of run ${run.id}`} {...props} checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} /> {agent}
      {note}
    </label>
  );
}

function RunRow({ entry, onError }: { entry: AdapterRun; onError: (e: SerializedError | undefined) => void }) {
  const { run, agents } = entry;
  const [chosen, setChosen] = useState<AgentName[]>(agents);
  const [busy, setBusy] = useState(false);
  const exportWhy = (busy && 'Exporting…') || (agents.length === 0 && `Run ${run.id} has no stored adapters yet: they are saved at each checkpoint (every ${run.setup.checkpointEvery} steps) and when a run is stopped.`) || (chosen.length === 0 && 'Tick at least one agent to export.');
  async function exportZip() {
    setBusy(true);
    onError(undefined);
    try {
      const { name, bytes } = await runAdapterZip(labDb(), run.id, chosen);
      downloadBlob(new Blob([new Uint8Array(bytes)], { type: 'application/zip' }), name);
    } catch (err) {
      onError(serializeError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <tr data-testid={`adapters.run.${run.id}`}>
      <th scope="row">{run.id}</th>
      <td>{runBaseModel(run)}</td>
      <td className="num" data-testid={`adapters.run.${run.id}.steps`}>
        {run.step}
      </td>
      <td>
        {AGENT_NAMES.map((a) => (
          <AgentChoice key={a} run={run} agent={a} stored={agents.includes(a)} checked={chosen.includes(a)} onChange={(on) => setChosen((c) => AGENT_NAMES.filter((x) => (x === a ? on : c.includes(x))))} />
        ))}
      </td>
      <td>
        <ReasonButton aria-label={`Export adapters of run ${run.id}`} data-testid={`adapters.run.${run.id}.export`} why={exportWhy} onClick={() => void exportZip()}>
          {busy ? 'Exporting…' : 'Export adapters'}
        </ReasonButton>
      </td>
    </tr>
  );
}

export function AdaptersPanel() {
  const model = useAppStore((s) => s.setup.model);
  const lora = useAppStore((s) => s.setup.lora);
  const storedRuns = useAppStore((s) => s.storedRuns);
  const storedRunsChanged = useAppStore((s) => s.storedRunsChanged);
  const [runs, setRuns] = useState<AdapterRun[]>([]);
  const [error, setError] = useState<SerializedError>();
  const [message, setMessage] = useState<string>();
  const [singleAgent, setSingleAgent] = useState<AgentName>('retriever');
  const [matchLora, setMatchLora] = useState(false);
  const [importing, setImporting] = useState<string>();

  const refresh = useCallback(() => {
    void adapterRuns(labDb()).then(setRuns, (err: unknown) => setError(serializeError(err)));
  }, []);
  // Re-read whenever stored runs change: each step and checkpoint of a live run, an import, a delete.
  useEffect(() => {
    refresh();
  }, [refresh, storedRuns]);

  async function importPicked(list: File[]) {
    setError(undefined);
    setMessage(undefined);
    setImporting('reading the files');
    try {
      const picked = await pickedFiles(list);
      const archive = readAdapterArchive(picked.files, picked.source, singleAgent);
      setImporting(`reading ${modelLabel(model)}'s config.json`);
      const target = await importTarget(model, baseFiles(model));
      setImporting('checking and storing the adapters');
      const { importAdapterArchive } = await import('../../export/importAdapters');
      const r = await importAdapterArchive(labDb(), archive, target, { source: picked.source, ...(matchLora ? { expect: { r: lora.r, targets: lora.targets } } : {}) });
      setMessage(`Imported ${r.agents.join(', ')} (r ${r.spec.r}, lora_alpha ${r.spec.alpha}, ${r.spec.targets.join(', ')}) onto ${target.name} as run ${r.runId}.`);
      storedRunsChanged();
    } catch (err) {
      setError(serializeError(err));
    } finally {
      setImporting(undefined);
    }
  }

  const [importWhy, importNote] = useWhyDisabled(importing !== undefined && `An import is running (${importing}).`);
  const filesOf = (input: HTMLInputElement) => {
    const list = [...(input.files ?? [])];
    input.value = '';
    if (list.length > 0) void importPicked(list);
  };

  return (
    <section className="panel adapters" aria-label="Adapters" data-testid="adapters.panel">
      <h2>Adapters</h2>
      <p className="hint">Each run keeps its agents’ latest LoRA adapters (from its last checkpoint). Export them as PEFT folders with a model card, or import adapters trained elsewhere.</p>
      {runs.length === 0 ? (
        <p className="hint" data-testid="adapters.empty">
          No stored runs yet.
        </p>
      ) : (
        <div className="table-wrap">
          <table data-testid="adapters.table">
            <thead>
              <tr>
                <th scope="col">run</th>
                <th scope="col">base model</th>
                <th scope="col">steps</th>
                <th scope="col">adapters</th>
                <th scope="col">export</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <RunRow key={`${r.run.id}:${r.agents.join()}`} entry={r} onError={setError} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Import adapters</h3>
      <p className="hint" data-testid="adapters.base">
        Onto the setup’s base model: <strong>{modelLabel(model)}</strong>. Refused when the adapters were trained on another base, or their shapes do not fit it.
      </p>
      <div className="import-adapters">
        <label>
          Adapter zip{' '}
          <input type="file" accept=".zip,application/zip" data-testid="adapters.importZip" {...importWhy} onChange={(e) => filesOf(e.currentTarget)} />
        </label>
        <label>
          Adapter folder{' '}
          <input type="file" data-testid="adapters.importFolder" {...importWhy} onChange={(e) => filesOf(e.currentTarget)} {...{ webkitdirectory: '' }} />
          {importNote}
        </label>
        <label>
          A single adapter is for{' '}
          <select value={singleAgent} onChange={(e) => setSingleAgent(e.currentTarget.value as AgentName)}>
            {AGENT_NAMES.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={matchLora} onChange={(e) => setMatchLora(e.currentTarget.checked)} /> must match the setup’s LoRA (r {lora.r}, {lora.targets.join(', ')})
        </label>
      </div>
      {importing && (
        <p role="status" data-testid="adapters.importing">
          <progress aria-label={`Importing adapters: ${importing}`} /> {importing}…
        </p>
      )}
      {message && (
        <p role="status" data-testid="adapters.message">
          {message}
        </p>
      )}
      {error && (
        <p role="alert" className="problems" data-testid="adapters.error" data-error={error.name}>
          {error.name}: {error.message}
        </p>
      )}
    </section>
  );
}

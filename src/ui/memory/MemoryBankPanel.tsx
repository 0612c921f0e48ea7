// The memory bank panel: the memory items in IndexedDB grouped per persona with provenance (run,
// step, trajectory, agent), narrowed by run, persona, agent and a search; delete persists.

import { useEffect, useMemo } from 'react';
import { useAppStore } from '../../store/app';
import type { MemoryItemRow } from '../../homes/storage/db';
import { ReplayForm } from './ReplayForm';
import '../stepper/stepper.css';

export function MemoryBankPanel() {
  const mem = useAppStore((s) => s.memory);
  const runs = useAppStore((s) => s.stepper.runs);
  const refreshRuns = useAppStore((s) => s.refreshStepperRuns);
  const setQuery = useAppStore((s) => s.setMemoryQuery);
  const refresh = useAppStore((s) => s.refreshMemory);
  const remove = useAppStore((s) => s.deleteMemory);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const byPersona = useMemo(() => {
    const m = new Map<string, MemoryItemRow[]>();
    for (const it of mem.items) m.set(it.personaId, [...(m.get(it.personaId) ?? []), it]);
    return [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }, [mem.items]);

  return (
    <section className="memory-bank" aria-label="Memory bank" data-testid="memory.panel">
      <h2>Memory bank</h2>
      <p className="hint">Every M_f line and M_c profile the agents wrote during training, with where it came from.</p>
      <div className="memory-filters">
        <label>
          Run{' '}
          <select aria-label="Memory run" value={mem.query.runId ?? ''} onChange={(e) => void setQuery({ runId: e.target.value || undefined, personaId: undefined })}>
            <option value="">all runs</option>
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                {r.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Persona{' '}
          <select aria-label="Memory persona" value={mem.query.personaId ?? ''} onChange={(e) => void setQuery({ personaId: e.target.value || undefined })}>
            <option value="">all personas</option>
            {mem.personas.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          Agent{' '}
          <select
            aria-label="Memory agent"
            value={mem.query.agent ?? ''}
            onChange={(e) => void setQuery({ agent: e.target.value === 'extractor' || e.target.value === 'profiler' ? e.target.value : undefined })}
          >
            <option value="">both agents</option>
            <option value="extractor">extractor (M_f lines)</option>
            <option value="profiler">profiler (M_c profiles)</option>
          </select>
        </label>
        <label>
          Search{' '}
          <input type="search" aria-label="Search memory" value={mem.query.search ?? ''} onChange={(e) => void setQuery({ search: e.target.value })} />
        </label>
        <button
          type="button"
          onClick={() => {
            void refreshRuns();
            void refresh();
          }}
        >
          Refresh memory
        </button>
      </div>
      {mem.loading && (
        <p role="status" className="hint">
          Reading memory items…
        </p>
      )}
      {mem.error && (
        <p role="alert" className="problems">
          {mem.error.name}: {mem.error.message}
        </p>
      )}
      <p data-testid="memory.count" data-count={mem.items.length}>
        {mem.items.length} item{mem.items.length === 1 ? '' : 's'}
      </p>
      {byPersona.map(([persona, items]) => (
        <div key={persona} data-testid={`memory.persona.${persona}`}>
          <h3>
            Persona {persona} ({items.length})
          </h3>
          <table>
            <thead>
              <tr>
                <th>memory</th>
                <th>provenance</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((it) => (
                <tr key={it.seq} data-testid="memory.item" data-seq={it.seq} data-agent={it.agent}>
                  <td>
                    <span className="kind">{it.kind === 'fine' ? 'M_f' : 'M_c'}</span> <span data-testid="memory.text">{it.text}</span>
                  </td>
                  <td className="provenance" data-testid="memory.provenance">
                    run {it.runId} · step {it.step} · question {it.questionId} · trajectory #{it.trajectory + 1} · {it.agent}
                  </td>
                  <td>
                    <button type="button" aria-label={`Delete memory item ${it.seq ?? ''}`} onClick={() => it.seq !== undefined && void remove(it.seq)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <ReplayForm />
    </section>
  );
}

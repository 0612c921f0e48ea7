// The chunked Extractor in the stepper: one row per chunk — the turns it read and their tokens against
// chunk_tokens, then M_f after it (carried lines, new lines, lines rewritten away) against memory_tokens.

import type { ChunkStep } from '../../run/stepper/chunks';

function Gauge({ id, value, cap, label }: { id: string; value: number; cap: number | null; label: string }) {
  return (
    <span className="chunk-gauge" data-testid={id} data-value={value} data-cap={cap ?? ''}>
      {cap !== null && <meter min={0} max={cap} value={value} aria-label={label} />} {value}
      {cap !== null ? ` / ${cap}` : ''} tokens
    </span>
  );
}

export function ChunkSequence({ steps, chunkTokens, memoryTokens }: { steps: readonly ChunkStep[]; chunkTokens: number | null; memoryTokens: number | null }) {
  return (
    <div data-testid="stepper.chunks">
      <h5>
        Chunked extraction: {steps.length} call{steps.length === 1 ? '' : 's'}, each reading the memory the previous one wrote
      </h5>
      <p className="hint">M_f is rewritten after every chunk and capped at memory_tokens; the memory after the last chunk is what the Profiler and Retriever read. Every call trains on this trajectory's Extractor advantage.</p>
      <ol className="stepper-chunks">
        {steps.map((s) => (
          <li key={s.index} data-testid="stepper.chunk" data-index={s.index}>
            <div>
              <b>Chunk {s.index + 1}</b>: turns {s.turns}, <Gauge id="stepper.chunk.input" value={s.inputTokens} cap={chunkTokens} label="chunk tokens" />; memory read{' '}
              {s.memoryInTokens} → written <Gauge id="stepper.chunk.memory" value={s.memoryTokens} cap={memoryTokens} label="memory tokens" />
              {s.capped > 0 && <span data-testid="stepper.chunk.capped">, {s.capped} line{s.capped === 1 ? '' : 's'} cut by the cap</span>}
              {!s.formatOk && <span>, format not followed</span>}
            </div>
            <ul className="stepper-memory">
              {s.lines.map((l, i) => (
                <li key={i} data-testid="stepper.chunk.line" data-carried={l.carried} className={l.carried ? 'carried' : 'new'}>
                  {l.carried ? '= ' : '+ '}
                  {l.text}
                </li>
              ))}
              {s.removed.map((l, i) => (
                <li key={`r${i}`} data-testid="stepper.chunk.removed" className="removed">
                  − <s>{l}</s>
                </li>
              ))}
              {s.lines.length === 0 && s.removed.length === 0 && <li className="hint">(empty memory)</li>}
            </ul>
          </li>
        ))}
      </ol>
    </div>
  );
}

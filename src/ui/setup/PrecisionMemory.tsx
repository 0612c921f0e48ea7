// The frozen base's weight memory at each precision (f32, int8, int4) for the chosen model, computed as
// the engine packs it (model/memoryEstimate.ts weightBytes), with the selected precision marked.

import { formatBytes, weightBytes } from '../../model/memoryEstimate';
import { PRECISIONS, type Precision } from '../../model/modelRef';
import { useModelShape } from './useModelShape';

export function PrecisionMemory({ precision }: { precision: Precision }) {
  const shape = useModelShape();
  if (shape.status === 'none' || shape.status === 'loading' || shape.status === 'error') {
    const text = shape.status === 'none' ? shape.why : shape.status === 'loading' ? 'Reading the model’s config.json…' : `Cannot read the model’s config.json: ${shape.message}`;
    return (
      <p className="hint" data-testid="setup.precision.memory" data-status={shape.status}>
        {text}
      </p>
    );
  }
  const f32 = weightBytes(shape.shape, 'f32') ?? 0;
  return (
    <table className="precision-memory" data-testid="setup.precision.memory" data-status="ok" aria-label="Weight memory of the frozen base per precision">
      <thead>
        <tr>
          <th scope="col">precision</th>
          <th scope="col">weights</th>
          <th scope="col">of f32</th>
        </tr>
      </thead>
      <tbody>
        {PRECISIONS.map((p) => {
          const bytes = weightBytes(shape.shape, p);
          return (
            <tr key={p} data-testid={`setup.precision.memory.${p}`} data-bytes={bytes ?? ''} aria-current={p === precision ? 'true' : undefined} className={p === precision ? 'chosen' : undefined}>
              <th scope="row">{p}</th>
              <td className="num">{bytes === undefined ? 'cannot load' : formatBytes(bytes)}</td>
              <td className="num">{bytes === undefined ? '—' : `${((100 * bytes) / f32).toFixed(1)}%`}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

// Top-1 agreement of a quantized base with float32 on given sequences, and why it falls short where it
// does: per position, the float32 top-1 margin against the logit error the quantization introduced.

import { Engine } from '../engine';
import type { ModelFiles } from '../files';
import type { Precision } from '../quant/pack';

/** Per position: the float32 argmax, its margin over the runner-up, and the logits row. */
interface Positions {
  argmax: number[];
  margins: number[];
  rows: Float32Array[];
}

export interface AgreementFigures {
  precision: Precision;
  positions: number;
  /** Share of positions whose argmax equals float32's. */
  top1Agreement: number;
  /** max over the vocabulary of |logit − float32 logit|, quantiles over positions (50%, 90%, max). */
  logitError: { median: number; p90: number; max: number };
  /**
   * Positions a top-1 flip is possible at: margin < 2 × that position's max logit error (the top-1
   * logit can fall and the runner-up rise by at most the error each). Flips can only happen there.
   */
  atRisk: number;
}

export interface MarginFigures {
  positions: number;
  /** float32 top-1 − top-2 logit, quantiles over positions. */
  margin: { p10: number; median: number; p90: number };
}

export interface AgreementReport {
  name: string;
  margins: MarginFigures;
  precisions: AgreementFigures[];
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function positions(engine: Engine, sequences: number[][]): Promise<Positions> {
  const out: Positions = { argmax: [], margins: [], rows: [] };
  const v = engine.config.vocabSize;
  for (const seq of sequences) {
    const l = engine.logits({ ids: [seq], valid: [seq.map(() => 1)] }); // [1, T, V]
    const data = (await l.data()) as Float32Array;
    l.dispose();
    for (let t = 0; t < seq.length; t++) {
      const row = data.slice(t * v, (t + 1) * v);
      let best = 0;
      for (let j = 1; j < v; j++) if ((row[j] ?? -Infinity) > (row[best] ?? -Infinity)) best = j;
      let second = -Infinity;
      for (let j = 0; j < v; j++) if (j !== best) second = Math.max(second, row[j] ?? -Infinity);
      out.argmax.push(best);
      out.margins.push((row[best] ?? 0) - second);
      out.rows.push(row);
    }
  }
  return out;
}

/** Loads the model at f32 and at each precision, one at a time, and compares every position of `sequences`. */
export async function agreementReport(name: string, files: ModelFiles, sequences: number[][], precisions: Precision[]): Promise<AgreementReport> {
  const f32 = await Engine.load(files);
  const ref = await positions(f32, sequences).finally(() => f32.dispose());
  const sortedMargins = [...ref.margins].sort((a, b) => a - b);
  const report: AgreementReport = {
    name,
    margins: { positions: ref.margins.length, margin: { p10: quantile(sortedMargins, 0.1), median: quantile(sortedMargins, 0.5), p90: quantile(sortedMargins, 0.9) } },
    precisions: [],
  };
  for (const precision of precisions) {
    const engine = await Engine.load(files, { precision });
    const got = await positions(engine, sequences).finally(() => engine.dispose());
    const errors = got.rows.map((row, i) => {
      const want = ref.rows[i] ?? new Float32Array(row.length);
      let e = 0;
      for (let j = 0; j < row.length; j++) e = Math.max(e, Math.abs((row[j] ?? 0) - (want[j] ?? 0)));
      return e;
    });
    const sortedErr = [...errors].sort((a, b) => a - b);
    report.precisions.push({
      precision,
      positions: errors.length,
      top1Agreement: got.argmax.filter((id, i) => id === ref.argmax[i]).length / Math.max(1, errors.length),
      logitError: { median: quantile(sortedErr, 0.5), p90: quantile(sortedErr, 0.9), max: sortedErr[sortedErr.length - 1] ?? NaN },
      atRisk: ref.margins.filter((m, i) => m < 2 * (errors[i] ?? 0)).length / Math.max(1, errors.length),
    });
  }
  return report;
}

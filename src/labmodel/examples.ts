// Token-level training examples for the tiny model: language-modelling windows over chat documents and
// supervised (prompt → completion) sequences whose loss covers the completion and its end token.

export interface TrainingExample {
  /** Input ids. */
  ids: number[];
  /** targets[i] = the id after ids[i]. */
  targets: number[];
  /** Loss weight per position (0 = not scored). */
  weights: number[];
}

/** Consecutive windows of `length` predictions over one token stream (the last one may be shorter). */
export function lmWindows(stream: readonly number[], length: number): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (let start = 0; start + 1 < stream.length; start += length) {
    const piece = stream.slice(start, start + length + 1);
    if (piece.length < 16) break;
    out.push({ ids: piece.slice(0, -1), targets: piece.slice(1), weights: piece.slice(1).map(() => 1) });
  }
  return out;
}

/** A completion token scored more than the rest (e.g. the Retriever's answer letter). */
export interface Emphasis {
  /** Index into the completion's ids. */
  index: number;
  weight: number;
  /** Tokens emphasized from `index` on (absent: 1). */
  length?: number;
}

/**
 * prompt ‖ completion ‖ end as one sequence; positions predicting completion tokens weigh 1 (the
 * emphasized ones `emphasis.weight`), the prompt's own tokens weigh `promptWeight` (0 = pure supervised
 * fine-tuning). Returns undefined when the sequence is longer than `maxLength`.
 */
export function supervisedExample(promptIds: readonly number[], completionIds: readonly number[], endId: number, maxLength: number, promptWeight = 0, emphasis?: Emphasis): TrainingExample | undefined {
  const all = [...promptIds, ...completionIds, endId];
  if (all.length - 1 > maxLength) return undefined;
  const p = promptIds.length;
  const stressed = emphasis ? p - 1 + emphasis.index : -1;
  const stressedEnd = emphasis ? stressed + (emphasis.length ?? 1) : -1;
  return {
    ids: all.slice(0, -1),
    targets: all.slice(1),
    weights: all.slice(1).map((_, i) => (i >= stressed && i < stressedEnd ? (emphasis?.weight ?? 1) : i >= p - 1 ? 1 : promptWeight)),
  };
}

/**
 * The index of the completion token that holds character `charAt` of the decoded completion (the
 * first token whose decoded prefix reaches past it), or undefined when the text is shorter.
 */
export function tokenAtChar(completionIds: readonly number[], charAt: number, decode: (ids: readonly number[]) => string): number | undefined {
  for (let k = 0; k < completionIds.length; k++) if (decode(completionIds.slice(0, k + 1)).length > charAt) return k;
  return undefined;
}

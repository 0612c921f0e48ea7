// The induction probe's data and score: does a lab model copy from its context? Copy documents
// ("remember: … \nrepeat: …") whose repeat is scored, so a loss near 0 means it copies and a loss near the
// log of the word count means it only learned which words exist.

import { type TrainingExample } from './examples';
import { ENDOFTEXT_ID } from './tokenizerFiles';
import type { TinyLlama } from './tinyLlama';

export const REPEAT_MARKER = '\nrepeat:';

/** One copy document as an example whose loss covers only the tokens after "repeat:". */
export function repeatExample(text: string, encode: (s: string) => number[]): TrainingExample {
  const at = text.indexOf(REPEAT_MARKER);
  if (at < 0) throw new Error(`not a copy document (no "repeat:"): ${JSON.stringify(text.slice(0, 60))}`);
  const prefix = encode(text.slice(0, at + REPEAT_MARKER.length)).length + 1;
  const all = [ENDOFTEXT_ID, ...encode(text)];
  return { ids: all.slice(0, -1), targets: all.slice(1), weights: all.slice(1).map((_, i) => (i + 1 >= prefix ? 1 : 0)) };
}

/** Mean loss per scored token over the examples (no gradients). */
export function copyLoss(model: TinyLlama, examples: readonly TrainingExample[]): number {
  let loss = 0;
  let weight = 0;
  for (const x of examples) {
    loss += model.lossAndGrad(x.ids, x.targets, x.weights, 1);
    weight += x.weights.reduce((a, b) => a + b, 0);
  }
  return loss / weight;
}

/**
 * The same example scored only where one token of context cannot tell what comes next: the current token
 * was followed by two or more different tokens in the part that is repeated ("i" → "like", "switched"), so
 * copying needs the tokens before it too. Undefined when no position is ambiguous.
 */
export function ambiguousExample(x: TrainingExample): TrainingExample | undefined {
  const next = new Map<number, Set<number>>();
  for (let j = 0; j < x.ids.length; j++) {
    if (x.weights[j] !== 0) break;
    const set = next.get(x.ids[j]) ?? new Set<number>();
    set.add(x.targets[j]);
    next.set(x.ids[j], set);
  }
  const weights = x.weights.map((w, j) => (w !== 0 && (next.get(x.ids[j])?.size ?? 0) >= 2 ? w : 0));
  return weights.some((w) => w !== 0) ? { ...x, weights } : undefined;
}
